"""Fee disclosures (收费公示) and their items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory
from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import RECORD_ROLES
from baodi_care.core.records import Created
from baodi_care.core.scoping import ScopedQuerySet
from institutions.choices import ClassType, FeeScheduleStatus, FeeType, FeeUnit, ServiceForm
from institutions.models.register import Institution


class FeeScheduleQuerySet(ScopedQuerySet):
    scope_through = "institution"
    # The fee history is the operator's and its supervisors'; member departments read the register only (DESIGN §1)
    # and, like anyone, the current fees on the public page.
    scope_roles = RECORD_ROLES

    def visible_to(self, user) -> FeeScheduleQuerySet:
        """Operators see their drafts too; reviewers only what was published."""
        rows = super().visible_to(user)
        return rows if user.role == Role.OPERATOR else rows.exclude(status=FeeScheduleStatus.DRAFT)

    def published(self) -> FeeScheduleQuerySet:
        return self.filter(status=FeeScheduleStatus.PUBLISHED)


class FeeSchedule(Created):
    """A version of an institution's 收费公示. Publishing supersedes the previous version; history stays."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="fee_schedules")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=FeeScheduleStatus.choices, default=FeeScheduleStatus.DRAFT, editable=False
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    review_months = models.PositiveSmallIntegerField(
        _("review period (months)"), default=12, help_text=_("After this long the disclosure counts as stale.")
    )
    refund_rules = models.TextField(_("refund rules"))
    advance_payment_rules = models.TextField(_("advance payment rules"), help_text=_("e.g. at most 3 months ahead."))
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = AppendOnlyHistory()

    objects = FeeScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "-version"]
        verbose_name = _("fee disclosure")
        verbose_name_plural = _("fee disclosures")
        constraints = [
            models.UniqueConstraint(fields=["institution", "version"], name="unique_fee_schedule_version"),
            models.UniqueConstraint(
                fields=["institution"],
                condition=models.Q(status="published"),
                name="one_published_fee_schedule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("institutions:fee_detail", args=[self.pk])

    def is_stale(self, today=None) -> bool:
        """Past its validity, or published longer ago than its review period."""
        from django.utils import timezone

        if self.status != FeeScheduleStatus.PUBLISHED:
            return False
        today = today or timezone.localdate()
        if self.valid_to and self.valid_to < today:
            return True
        start = timezone.localdate(self.published_at) if self.published_at else self.valid_from
        months = (today.year - start.year) * 12 + (today.month - start.month) - (today.day < start.day)
        return months >= self.review_months


class FeeItem(models.Model):
    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="items")
    fee_type = models.CharField(_("type"), max_length=10, choices=FeeType.choices)
    name = models.CharField(_("item"), max_length=60)
    class_type = models.CharField(
        _("class type"), max_length=10, choices=ClassType.choices, blank=True, help_text=_("Empty: all classes.")
    )
    service_form = models.CharField(
        _("service form"), max_length=10, choices=ServiceForm.choices, blank=True, help_text=_("Empty: all forms.")
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=6, choices=FeeUnit.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["schedule", "fee_type", "pk"]
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="fee_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.name} {self.amount}"
