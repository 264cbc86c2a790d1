"""Inspections, their item checks and evidence files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory, append_only_triggers
from baodi_care.accounts.choices import MemberDepartment, Role
from baodi_care.accounts.permissions import REVIEWER_ROLES
from baodi_care.core.files import generated_name
from baodi_care.core.records import Timestamped, Upload
from baodi_care.core.scoping import ScopedQuerySet
from institutions.models import Institution
from supervision.choices import InspectionKind, InspectionMode, InspectionResult, InspectionStatus, Outcome
from supervision.models.checklists import ChecklistItem, ChecklistTemplate


class InspectionQuerySet(ScopedQuerySet):
    scope_through = "institution"

    def visible_to(self, user) -> InspectionQuerySet:
        """Officials their jurisdiction's; the commission all; operators only finished ones of their institutions;
        a member department only the finished ones it took part in (DESIGN §1: the inspections they join)."""
        if user.role == Role.OPERATOR:
            return self.through_related(user).filter(status=InspectionStatus.FINISHED)
        if user.role == Role.DEPARTMENT:
            return self.through_related(user).filter(status=InspectionStatus.FINISHED).joined_by(user.department)
        if user.role in REVIEWER_ROLES:
            return self.through_related(user)
        return self.none()

    def joined_by(self, department: str) -> InspectionQuerySet:
        """Inspections whose departments taking part include `department` (a MemberDepartment code; none for "").

        `departments` is a JSON list of codes; SQLite has no JSON containment, so the list's text is searched for
        the quoted code, which no other code contains (codes are words of letters and "_")."""
        if department not in MemberDepartment.values:
            return self.none()
        listed = Cast("departments", output_field=models.TextField())
        return self.alias(departments_text=listed).filter(departments_text__contains=f'"{department}"')


class Inspection(Timestamped):
    """A 监督检查 at one institution, against one checklist version."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="inspections")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, verbose_name=_("checklist"))
    mode = models.CharField(_("announced?"), max_length=12, choices=InspectionMode.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=InspectionKind.choices)
    departments = models.JSONField(_("member departments taking part"), default=list, blank=True)
    inspected_on = models.DateField(_("date of inspection"))
    inspectors = models.CharField(_("inspectors"), max_length=200, blank=True)
    complaint = models.ForeignKey(
        "Complaint", on_delete=models.SET_NULL, null=True, blank=True, related_name="inspections",
        verbose_name=_("prompted by complaint"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT, editable=False
    )
    result = models.CharField(_("result"), max_length=10, choices=InspectionResult.choices, blank=True, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = AppendOnlyHistory()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            models.Index(fields=["institution", "status", "inspected_on"]),
            models.Index(fields=["-inspected_on", "-id"], name="inspection_newest_first"),  # the list's order
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.inspected_on}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspection_detail", args=[self.pk])


class ItemCheck(models.Model):
    """The inspector's answer for one checklist item."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = AppendOnlyHistory()

    class Meta:
        ordering = ["item__position", "item_id"]
        verbose_name = _("checked item")
        verbose_name_plural = _("checked items")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="one_check_per_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.outcome}"


def evidence_upload_to(instance, filename: str) -> str:
    """Server-generated names (the migrations name this function)."""
    return generated_name("evidence", instance.extension)


# A photo of an inspection still in draft may be removed (a wrong shot); nothing else of the evidence changes.
_DRAFT_PHOTO = (
    "OLD.rectification_id IS NULL AND EXISTS (SELECT 1 FROM supervision_itemcheck c "
    "JOIN supervision_inspection i ON i.id = c.inspection_id WHERE c.id = OLD.item_check_id AND i.status = 'draft')"
)


class EvidenceFile(Upload):
    """A photo or scan: taken at an inspection, or sent as rectification evidence. Same rules as documents.

    Append-only like them, but that a photo of an inspection still in draft may be removed.
    """

    item_check = models.ForeignKey(ItemCheck, on_delete=models.PROTECT, null=True, blank=True, related_name="photos")
    rectification = models.ForeignKey(
        "Rectification", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item_check__isnull=False) ^ models.Q(rectification__isnull=False),
                name="evidence_belongs_to_one_thing",
            )
        ]
        triggers = append_only_triggers(deletable_while=_DRAFT_PHOTO)

    def __str__(self) -> str:
        return self.original_name

    def fallback_name(self) -> str:
        return f"evidence-{self.pk}"

    def is_deletable(self) -> bool:
        return self.rectification_id is None and self.item_check.inspection.status == InspectionStatus.DRAFT
