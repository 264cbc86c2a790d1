"""Inspections, checklists, rectifications and complaints (DESIGN §2)."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction
from institutions.models import Institution

from .choices import (
    CheckCategory,
    ComplaintCategory,
    ComplaintStatus,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    InspectionStatus,
    Outcome,
    RectificationStatus,
    RiskLevel,
)


class ChecklistTemplate(models.Model):
    """A versioned checklist. Publishing a new version never changes inspections that used an older one."""

    name = models.CharField(_("name"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"))
    is_current = models.BooleanField(_("current version"), default=False)
    notes = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="unique_checklist_version"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(is_current=True), name="one_current_checklist_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("category"), max_length=20, choices=CheckCategory.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("check"), max_length=300)
    text_en = models.CharField(_("check (English)"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)
    rectification_days = models.PositiveSmallIntegerField(_("working days to rectify"), default=10)

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if self.text_en and (get_language() or "").startswith("en"):
            return self.text_en
        return self.text


class InspectionFrequency(models.Model):
    """How often institutions must be inspected: a district default, a category's, or one institution's."""

    category = models.CharField(
        _("institution category"), max_length=20, blank=True, help_text=_("Empty: the district default.")
    )
    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, null=True, blank=True, related_name="inspection_frequency"
    )
    per_year = models.PositiveSmallIntegerField(_("inspections per year"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection frequency")
        verbose_name_plural = _("inspection frequencies")
        constraints = [
            models.UniqueConstraint(
                fields=["category"], condition=models.Q(institution__isnull=True), name="one_frequency_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution or self.category or '*'}: {self.per_year}"


class InspectionQuerySet(models.QuerySet):
    def for_user(self, user) -> InspectionQuerySet:
        """Officials their jurisdiction's; operators only finished ones of their institutions; district all."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        institutions = Institution.objects.for_user(user)
        if user.role == Role.OPERATOR:
            return self.filter(institution__in=institutions, status=InspectionStatus.FINISHED)
        if user.role in (Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT):
            return self.filter(institution__in=institutions)
        return self.none()


class Inspection(models.Model):
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [models.Index(fields=["institution", "status", "inspected_on"])]

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
    history = HistoricalRecords()

    class Meta:
        ordering = ["item__position", "item_id"]
        verbose_name = _("checked item")
        verbose_name_plural = _("checked items")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="one_check_per_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.outcome}"


def evidence_upload_to(instance, filename: str) -> str:
    return f"evidence/{uuid.uuid4().hex}.{instance.extension}"


class EvidenceFile(models.Model):
    """A photo or scan: taken at an inspection, or sent as rectification evidence. Same rules as documents."""

    CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}

    item_check = models.ForeignKey(ItemCheck, on_delete=models.PROTECT, null=True, blank=True, related_name="photos")
    rectification = models.ForeignKey(
        "Rectification", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)
    extension = models.CharField(max_length=4)
    original_name = models.CharField(_("original file name"), max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

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

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.extension]


class RectificationQuerySet(models.QuerySet):
    def for_user(self, user) -> RectificationQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role in (Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT):
            return self.filter(institution__in=Institution.objects.for_user(user))
        return self.none()


class Rectification(models.Model):
    """An 整改 order for one non-compliant item, with its deadline."""

    item_check = models.OneToOneField(ItemCheck, on_delete=models.PROTECT, related_name="rectification")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="rectifications")
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=RectificationStatus.choices, default=RectificationStatus.OPEN,
        editable=False,
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1, editable=False)
    response = models.TextField(_("operator's answer"), blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    verification_note = models.TextField(_("official's note"), blank=True, editable=False)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RectificationQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        indexes = [models.Index(fields=["institution", "status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.institution} · {self.item_check.item}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:rectification_detail", args=[self.pk])

    def is_overdue(self, today=None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.status == RectificationStatus.OPEN and today > self.deadline


class RectificationEvent(models.Model):
    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=10, choices=RectificationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=RectificationStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.rectification_id} {self.from_status}→{self.to_status}"


def new_tracking_code() -> str:
    """Ten characters a parent can read over the phone: no 0/O or 1/I."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class ComplaintQuerySet(models.QuerySet):
    def for_user(self, user) -> ComplaintQuerySet:
        """Routed to the institution's jurisdiction: officials see theirs, the commission all."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.OFFICIAL:
            return self.filter(jurisdiction_id=user.jurisdiction_id) if user.jurisdiction_id else self.none()
        if user.role == Role.COMMISSION:
            return self.all()
        return self.none()


class Complaint(models.Model):
    """A 投诉举报 from the public, routed to the institution's 街镇."""

    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True, default=new_tracking_code)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints",
        verbose_name=_("institution"),
    )  # fmt: skip
    institution_name = models.CharField(
        _("institution named by the complainant"), max_length=100, blank=True,
        help_text=_("For a place that is not on the register."),
    )  # fmt: skip
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="complaints")
    category = models.CharField(_("what it is about"), max_length=16, choices=ComplaintCategory.choices)
    description = models.TextField(_("what happened"))
    contact_name = models.CharField(_("your name"), max_length=40, blank=True)
    contact_phone = models.CharField(_("your phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED, editable=False
    )
    risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices, blank=True, editable=False)
    outcome = models.TextField(_("outcome"), blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["contact_phone"])

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=["jurisdiction", "status"])]

    def __str__(self) -> str:
        return self.tracking_code

    def get_absolute_url(self) -> str:
        return reverse("supervision:complaint_detail", args=[self.pk])


class ComplaintEvent(models.Model):
    """A step in handling a complaint. Public notes are what the complainant sees on the status page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=12, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=ComplaintStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("internal note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}"
