"""Users, the jurisdictions they work in, their notifications and the reminders sent to them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from baodi_care.accounts import signin_logs  # noqa: F401  (axes's sign-in logs, append-only)
from baodi_care.accounts.append_only import AppendOnlyHistory
from baodi_care.accounts.choices import JurisdictionKind, MemberDepartment, Role
from baodi_care.accounts.permissions import has_role, is_signed_in
from baodi_care.accounts.second_factor import recovery_codes
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
    # Where the figure comes from (e.g. 第七次全国人口普查（2020）): the dashboard names it beside every rate, so that
    # a demo or estimated figure is never read as a census one.
    population_source = models.CharField(
        _("source of the population figure"),
        max_length=80,
        blank=True,
        help_text=_("E.g. the 2020 census (第七次全国人口普查), or “demo values” on a demo or training copy."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = AppendOnlyHistory()

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
    # Set whenever a password is chosen (sign-up, a set-password or reset link, a change): PASSWORD_MAX_AGE_DAYS
    # counts from it (accounts/passwords.py).
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True, editable=False)
    history = AppendOnlyHistory(excluded_fields=["password", "last_login"])

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

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def check_password(self, raw_password) -> bool:
        # Django re-hashes a password on sign-in when the hasher changes, through set_password: that is no change.
        changed_at = self.password_changed_at
        try:
            return super().check_password(raw_password)
        finally:
            self.password_changed_at = changed_at

    def clean(self) -> None:
        super().clean()
        if self.role == Role.DEPARTMENT and self.department not in MemberDepartment.values:
            raise ValidationError({"department": _("Choose the member department the user belongs to.")})

    @property
    def department_label(self) -> str:
        """The member department's name (User.department holds its code)."""
        return str(MemberDepartment(self.department).label) if self.department in MemberDepartment.values else ""


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


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A user's recovery codes, as a django-otp device: each code signs in once, in place of the authenticator's.

    Only a code's lookup part is kept as it is; its secret part is kept as a salted password hash (Django's
    PASSWORD_HASHERS), so whoever reads the database cannot use a code (ASVS 5.0 6.5.2). A code is checked with one
    slow hash, found or not (second_factor/recovery_codes.py).
    """

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def issue(self, count: int) -> list[str]:
        """New codes in place of the device's old ones; returned (to be shown once) and kept only hashed."""
        codes = recovery_codes.new_codes(count)
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, lookup=lookup, secret_hash=make_password(secret))
            for lookup, secret in map(recovery_codes.split, codes)
        )
        return codes

    def verify_token(self, token) -> bool:
        """Use up the code if it is one of this device's (django-otp's verify_token holds the device's row lock)."""
        allowed, _extra = self.verify_is_allowed()
        if not allowed:
            return False
        lookup, secret = recovery_codes.split(token)
        row = self.codes.filter(lookup=lookup).first() if lookup else None
        if row is None:
            make_password(secret)  # the same slow hash as a real check: the time taken tells nothing
            matched = False
        else:
            matched = check_password(secret, row.secret_hash) and RecoveryCode.objects.filter(pk=row.pk).delete()[0]
        if matched:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return bool(matched)


class RecoveryCode(models.Model):
    """One unused recovery code: its lookup part, and its secret part only as a salted password hash."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    lookup = models.CharField(_("lookup part"), max_length=recovery_codes.LOOKUP_LENGTH)
    secret_hash = models.CharField(_("hash of the secret part"), max_length=128)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [models.UniqueConstraint(fields=["device", "lookup"], name="recovery_code_lookup_unique")]

    def __str__(self) -> str:
        return f"{self.lookup}…"


# The security log's table lives in its room (accounts/security_log/); imported here so the app registers it.
from baodi_care.accounts.security_log.models import SecurityLog  # noqa: E402, F401
