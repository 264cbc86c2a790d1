"""Rectifications (整改) and their events."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory
from baodi_care.accounts.permissions import RECORD_ROLES
from baodi_care.core.records import Created, WorkflowEvent, status_fields
from baodi_care.core.scoping import ScopedQuerySet
from institutions.models import Institution
from supervision.choices import RectificationStatus
from supervision.models.inspections import ItemCheck


class RectificationQuerySet(ScopedQuerySet):
    scope_through = "institution"
    # Answers and evidence are the operator's and its supervisors': not member departments' (DESIGN §1).
    scope_roles = RECORD_ROLES


class Rectification(Created):
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
    history = AppendOnlyHistory()

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


class RectificationEvent(WorkflowEvent):
    """A step of a rectification: ordered, answered, verified or sent back."""

    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="events")
    from_status, to_status = status_fields(Rectification)
