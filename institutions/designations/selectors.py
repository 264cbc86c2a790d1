"""Reads of 普惠 and 示范 status: where an institution stands, its history, the applications the commission decides."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from baodi_care.accounts.choices import Role
from institutions.choices import DESIGNATION_FIELDS, ApplicationStatus, Designation, DesignationAction
from institutions.models import DesignationApplication, DesignationEvent, Institution

DECISIONS = (DesignationAction.GRANTED, DesignationAction.WITHDRAWN)


@dataclass
class DesignationState:
    """One status of one institution: whether it holds, and the decision it rests on (date, basis)."""

    designation: str
    label: str
    holds: bool
    decided_on: object = None
    basis: str = ""
    pending: DesignationApplication | None = None


def designation_states(institution: Institution) -> list[DesignationState]:
    """普惠 and 示范 of one institution, each with its latest grant or withdrawal and open application (2 queries)."""
    latest: dict[str, DesignationEvent] = {}
    for event in DesignationEvent.objects.filter(institution=institution, action__in=DECISIONS).order_by("at", "pk"):
        latest[event.designation] = event
    pending = {
        a.designation: a
        for a in DesignationApplication.objects.filter(institution=institution, status=ApplicationStatus.PENDING)
    }
    states = []
    for designation in Designation:
        holds = bool(getattr(institution, DESIGNATION_FIELDS[designation]))
        event = latest.get(designation.value)
        states.append(
            DesignationState(
                designation=designation.value,
                label=str(designation.label),
                holds=holds,
                decided_on=event.decided_on if event else None,
                basis=event.basis if event else "",
                pending=pending.get(designation.value),
            )
        )
    return states


def granted_designations(institution_id: int) -> list[DesignationState]:
    """What the public page shows: the statuses an institution holds, with the decision date and basis."""
    institution = Institution.objects.only(*DESIGNATION_FIELDS.values()).get(pk=institution_id)
    return [state for state in designation_states(institution) if state.holds]


def designation_history(institution: Institution) -> QuerySet[DesignationEvent]:
    """Every step of the institution's 普惠 and 示范 status, newest first."""
    return institution.designation_events.select_related("by").order_by("-at", "-pk")


def applications_awaiting_decision(user) -> int:
    """How many applications wait for the commission's decision (0 for anyone else)."""
    if user.role != Role.COMMISSION:
        return 0
    return DesignationApplication.objects.for_user(user).filter(status=ApplicationStatus.PENDING).count()


def applications(*, user) -> QuerySet[DesignationApplication]:
    """The applications a user sees (the operator's own, the commission's all), with what the list shows."""
    return DesignationApplication.objects.for_user(user).select_related(
        "institution", "institution__jurisdiction", "applied_by", "decided_by"
    )
