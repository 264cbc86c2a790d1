"""普惠 and 示范: statuses the health commission grants, on an operator's application or on its own initiative.

Whether a status holds now is the institution's own column (`is_inclusive`, `is_demonstration`: the register, the
statistics and the public pages read it); the decisions behind it, each with its date and basis (依据), are the
append-only `DesignationEvent` rows. Only institutions/designations/services.py writes either.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnly, AppendOnlyQuerySet, append_only_triggers
from baodi_care.accounts.choices import Role
from baodi_care.core.records import Created
from baodi_care.core.scoping import ScopedQuerySet
from institutions.choices import ApplicationStatus, Designation, DesignationAction
from institutions.models.register import Institution


class DesignationApplicationQuerySet(ScopedQuerySet):
    """The operator sees the applications of its institutions; the commission, which decides them, all."""

    scope_through = "institution"
    scope_roles = (Role.OPERATOR, Role.COMMISSION)


class DesignationApplication(Created):
    """An operator's application for 普惠 or 示范 status, with its note; the commission grants or refuses it."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="designation_applications"
    )
    designation = models.CharField(_("status applied for"), max_length=20, choices=Designation.choices)
    note = models.TextField(_("applicant's note"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
        editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    decided_on = models.DateField(_("decision date"), null=True, blank=True, editable=False)
    basis = models.CharField(_("basis (依据)"), max_length=300, blank=True, editable=False)

    objects = DesignationApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application for a designation")
        verbose_name_plural = _("applications for designations")
        indexes = [models.Index(fields=["status", "created_at"], name="designation_app_status")]
        constraints = [
            # One open application per institution and status: a second one would be decided twice.
            models.UniqueConstraint(
                fields=["institution", "designation"],
                condition=models.Q(status="pending"),
                name="one_pending_designation_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.get_designation_display()}"

    def get_absolute_url(self) -> str:
        return reverse("institutions:designation_application", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING


class DesignationEventQuerySet(AppendOnlyQuerySet, ScopedQuerySet):
    scope_through = "institution"


class DesignationEvent(AppendOnly):
    """One step in the history of an institution's 普惠 or 示范 status: applied, granted, refused, withdrawn."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="designation_events"
    )
    designation = models.CharField(_("status"), max_length=20, choices=Designation.choices)
    action = models.CharField(_("action"), max_length=20, choices=DesignationAction.choices)
    # Whether the status holds after this step.
    holds = models.BooleanField(_("holds after this step"))
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    basis = models.CharField(_("basis (依据)"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    application = models.ForeignKey(
        DesignationApplication, verbose_name=_("application"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="events",
    )  # fmt: skip
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = DesignationEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("designation event")
        verbose_name_plural = _("designation events")
        triggers = append_only_triggers()
        indexes = [models.Index(fields=["institution", "designation", "at"], name="designation_event_inst")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.designation} {self.action}"
