"""Complaints (投诉举报) from the public and their events."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.append_only import AppendOnlyHistory
from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.records import WorkflowEvent, status_fields
from baodi_care.core.scoping import ScopedQuerySet
from institutions.models import Institution
from supervision.choices import ComplaintCategory, ComplaintStatus, RiskLevel


def new_tracking_code() -> str:
    """Ten characters a parent can read over the phone: no 0/O or 1/I."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class ComplaintQuerySet(ScopedQuerySet):
    def visible_to(self, user) -> ComplaintQuerySet:
        """Routed to the institution's jurisdiction: officials see theirs, the commission all."""
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
    history = AppendOnlyHistory(excluded_fields=["contact_phone"])

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


class ComplaintEvent(WorkflowEvent):
    """A step in handling a complaint. Public notes are what the complainant sees on the status page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    from_status, to_status = status_fields(Complaint)
    # The complainant's own steps (the complaint itself) have no signed-in user.
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("internal note"), blank=True)

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}"
