"""Users, the jurisdictions they work in, their notifications and the reminders sent to them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from baodi_care.accounts.choices import JurisdictionKind, Role
from baodi_care.accounts.permissions import has_role, is_signed_in
from baodi_care.accounts.texts import render


# These two decide their scope themselves: accounts is the lowest layer, below core's ScopedQuerySet.
class JurisdictionQuerySet(models.QuerySet):
    def for_user(self, user) -> JurisdictionQuerySet:
        """Jurisdictions a user may pick or see: officials their own, district staff all."""
        if has_role(user, Role.OFFICIAL):
            return self.filter(pk=user.jurisdiction_id)
        if has_role(user, Role.COMMISSION, Role.DEPARTMENT, Role.ADMIN, Role.OPERATOR):
            return self.all()
        return self.none()


class Jurisdiction(models.Model):
    """A 街道 or 镇 of Baodi: the unit of 属地管理."""

    code = models.CharField(
        _("statistics code"), max_length=12, unique=True, help_text=_("12-digit 区划代码, e.g. 120115001000.")
    )
    name = models.CharField(_("name"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=JurisdictionKind.choices)
    population = models.PositiveIntegerField(
        _("resident population"), null=True, blank=True, help_text=_("Used for places per 1,000 population.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self) -> str:
        return self.name

    @property
    def short_code(self) -> str:
        return self.code[6:9]


class User(AbstractUser):
    """A person who signs in. The role decides which pages and which rows they see."""

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.OPERATOR)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        help_text=_("Required for sub-district/town officials."),
    )
    department = models.CharField(
        _("department"), max_length=60, blank=True, help_text=_("For member departments, e.g. 区教育局.")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="official") | models.Q(jurisdiction__isnull=False),
                name="official_has_jurisdiction",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name()

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        """The user's own notifications."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message about something the recipient must act on (an e-mail goes out too).

    The message is stored untranslated (its English msgid and parameters) and shown in the reader's language.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("message"), max_length=300)
    context = models.CharField(_("translation context"), max_length=100, blank=True, default="")
    params = models.JSONField(_("message parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language."""
        return render(self.message, self.params, context=self.context)


class ReminderLog(models.Model):
    """One reminder sent, keyed so that `send_reminders` never sends the same reminder twice."""

    key = models.CharField(_("reminder"), max_length=200, unique=True)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key


class UserSession(models.Model):
    """One signed-in session of a user, keyed to the session: what the profile lists and can end."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("signed in"))
    last_seen = models.DateTimeField(_("last seen"))
    # What accounts.network.client_ip says; "unknown" when the request had no address.
    ip_address = models.CharField(_("address"), max_length=45, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    device = models.CharField(_("device"), max_length=120, blank=True)

    class Meta:
        ordering = ["-last_seen", "-pk"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.user} · {self.device or self.ip_address}"


# The security log's table lives in its room (accounts/security_log/); imported here so the app registers it.
from baodi_care.accounts.security_log.models import SecurityLog  # noqa: E402, F401
