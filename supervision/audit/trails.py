"""The audit trails the audit administrator reads, each declared once: which rows, when and by whom they were
written, the institution they concern, their kind, and what a row says (its subject and note).

Workflow events (filings, rectifications, complaints) are the rows `Workflow.record` writes; inspections and the
register are django-simple-history's rows, whose changed fields are worked out against the row before (`history`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from institutions.choices import FilingAction
from institutions.models import ClassGroup, FilingEvent, Institution, Membership, StaffMember
from supervision.choices import ComplaintAction, RectificationAction
from supervision.models import ComplaintEvent, Inspection, RectificationEvent

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass(frozen=True)
class Trail:
    key: str
    title: object
    model: type[models.Model]
    when: str  # the time the row was written
    who: str  # the user who wrote it (a foreign key)
    institution: str  # the path to the institution it concerns ("" when the row is the institution's own)
    type_field: str
    type_labels: Mapping
    subject: Callable[[models.Model], str]
    related: tuple[str, ...] = ()
    # simple-history rows: their changed fields are shown (computed against the row before).
    history: bool = False

    @property
    def institution_lookups(self) -> tuple[str, str]:
        prefix = f"{self.institution}__" if self.institution else ""
        return f"{prefix}name__icontains", f"{prefix}uscc__iexact"

    def institution_of(self, row):
        """The institution (or, for the register's own rows, the historical row) whose name the row shows."""
        return _follow(row, self.institution) if self.institution else row

    def type_label(self, row) -> str:
        value = getattr(row, self.type_field)
        return str(self.type_labels.get(value, value))


def _follow(obj, path: str):
    for name in path.split("__"):
        obj = getattr(obj, name, None) if obj is not None else None
    return obj


def _username(user) -> str:
    return user.get_username() if user is not None else ""


def _membership(row) -> str:
    name = _username(row.user) or str(row.user_id)
    return f"{name} ({_('owner')})" if row.is_owner else name


def _history_trail(key: str, title, model, subject, *, institution: str = "institution", related=()) -> Trail:
    """The trail of a model's django-simple-history rows: when, who and the kind of change are the history's own."""
    return Trail(
        key=key, title=title, model=model.history.model, when="history_date", who="history_user",
        institution=institution, type_field="history_type", type_labels=HISTORY_TYPES, subject=subject,
        related=related, history=True,
    )  # fmt: skip


def _event_labels(actions, **extra) -> dict:
    return {**{action.value: action.label for action in actions}, **extra}


TRAILS: dict[str, Trail] = {
    trail.key: trail
    for trail in [
        Trail(
            key="filings", title=_("Filing events"), model=FilingEvent, when="at", who="by",
            institution="filing__institution", type_field="action",
            type_labels=_event_labels(FilingAction, create=_("Draft started"), upload=_("Document uploaded")),
            subject=lambda e: f"{e.filing.get_kind_display()} #{e.filing_id}", related=("filing",),
        ),
        Trail(
            key="rectifications", title=_("Rectification events"), model=RectificationEvent, when="at", who="by",
            institution="rectification__institution", type_field="action",
            type_labels=_event_labels(RectificationAction, open=_("Rectification ordered")),
            subject=lambda e: f"#{e.rectification_id}", related=("rectification",),
        ),
        Trail(
            key="complaints", title=_("Complaint events"), model=ComplaintEvent, when="at", who="by",
            institution="complaint__institution", type_field="action",
            type_labels=_event_labels(
                ComplaintAction, submit=_("Received from the public"), link_inspection=_("Inspection linked")
            ),
            subject=lambda e: e.complaint.tracking_code, related=("complaint",),
        ),
        _history_trail(
            "inspections", _("Inspection history"), Inspection,
            lambda h: f"#{h.id} {h.inspected_on} {h.get_status_display()}",
        ),
        _history_trail(
            "register", _("Register history: institutions"), Institution,
            lambda h: f"#{h.id} {h.get_status_display()}", institution="",
        ),
        _history_trail("classes", _("Register history: classes"), ClassGroup, lambda h: f"#{h.id} {h.name}"),
        _history_trail("staff", _("Register history: staff"), StaffMember, lambda h: f"#{h.id} {h.name}"),
        _history_trail(
            "memberships", _("Register history: memberships"), Membership, _membership, related=("user",)
        ),
    ]
}  # fmt: skip
