"""Monthly operating reports (运营情况报送)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory
from baodi_care.accounts.permissions import RECORD_ROLES
from baodi_care.core.scoping import ScopedQuerySet
from institutions.models.register import Institution


class OperatingReportQuerySet(ScopedQuerySet):
    scope_through = "institution"
    # Enrolment and incident notes are the operator's and its supervisors': not member departments' (DESIGN §1).
    scope_roles = RECORD_ROLES


class OperatingReport(models.Model):
    """运营情况报送 for one month: enrolment by class type, staff on duty, incidents (管理规范 Art. 12)."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="operating_reports")
    period = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    enrolled_infant = models.PositiveSmallIntegerField(_("enrolled in infant classes"), default=0)
    enrolled_toddler = models.PositiveSmallIntegerField(_("enrolled in toddler classes"), default=0)
    enrolled_senior = models.PositiveSmallIntegerField(_("enrolled in senior toddler classes"), default=0)
    enrolled_mixed = models.PositiveSmallIntegerField(_("enrolled in mixed-age classes"), default=0)
    staff_on_duty = models.PositiveSmallIntegerField(_("staff on duty"))
    caregivers_on_duty = models.PositiveSmallIntegerField(_("caregivers on duty"))
    incidents = models.PositiveSmallIntegerField(_("incidents (injuries, illness outbreaks, safety events)"), default=0)
    incident_notes = models.TextField(_("what happened"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    seats_at_submission = models.PositiveSmallIntegerField(_("filed seats when reported"), default=0, editable=False)
    history = AppendOnlyHistory()

    objects = OperatingReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "institution"]
        verbose_name = _("operating report")
        verbose_name_plural = _("operating reports")
        constraints = [models.UniqueConstraint(fields=["institution", "period"], name="one_report_per_month")]

    def __str__(self) -> str:
        return f"{self.institution} {self.period:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("institutions:report_detail", args=[self.pk])

    @property
    def enrolled(self) -> int:
        return self.enrolled_infant + self.enrolled_toddler + self.enrolled_senior + self.enrolled_mixed

    @property
    def over_capacity(self) -> bool:
        return self.enrolled > self.seats_at_submission
