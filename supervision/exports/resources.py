"""The supervision exports as rows: inspections with their items, rectifications, fee disclosures, operating
reports and complaints (the register and the filings are institutions.register / institutions.filings resources,
the statistics tables supervision.statistics.resources).

Headers are gettext strings (English msgids, Chinese for users), mostly the model fields' verbose names. The
resources only turn one object into one row; baodi_care.core.spreadsheets writes the file, and
supervision.exports.views decides who may export what and starts every export from Model.objects.for_user(user)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.core.spreadsheets import RowsResource, choice_column, column, header, label, yes_no
from institutions.choices import ClassType, FeeScheduleStatus, FeeType, FeeUnit, ServiceForm
from institutions.models import FeeItem, FeeSchedule, OperatingReport
from institutions.register.resources import institution_columns
from supervision.choices import (
    CheckCategory,
    ComplaintCategory,
    ComplaintStatus,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    InspectionStatus,
    MemberDepartment,
    Outcome,
    RectificationStatus,
    RiskLevel,
)
from supervision.models import Complaint, Inspection, ItemCheck, Rectification


def _rectification(check: ItemCheck) -> Rectification | None:
    try:
        return check.rectification
    except Rectification.DoesNotExist:
        return None


class InspectionItemResource(RowsResource):
    """One row per checked item: the inspection's facts, then the item, its outcome and note."""

    def columns(self):
        return [
            *institution_columns("inspection.institution"),
            column(header(Inspection, "inspected_on"), "inspection.inspected_on"),
            choice_column(header(Inspection, "mode"), InspectionMode, "inspection.mode"),
            choice_column(header(Inspection, "kind"), InspectionKind, "inspection.kind"),
            column(
                header(Inspection, "departments"),
                lambda check: "、".join(label(MemberDepartment, d) for d in check.inspection.departments or []),
            ),
            choice_column(header(Inspection, "status"), InspectionStatus, "inspection.status"),
            choice_column(header(Inspection, "result"), InspectionResult, "inspection.result"),
            choice_column(_("Checklist category"), CheckCategory, "item.category"),
            column(_("Checklist item"), lambda check: str(check.item)),
            choice_column(header(ItemCheck, "outcome"), Outcome, "outcome"),
            column(header(ItemCheck, "note"), "note"),
            column(_("Rectification deadline"), lambda check: getattr(_rectification(check), "deadline", None)),
            column(
                _("Rectification status"),
                lambda check: label(RectificationStatus, getattr(_rectification(check), "status", "")),
            ),
        ]


class RectificationResource(RowsResource):
    def __init__(self, today: datetime.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(**kwargs)

    def columns(self):
        return [
            *institution_columns("institution"),
            column(header(Inspection, "inspected_on"), "item_check.inspection.inspected_on"),
            choice_column(_("Checklist category"), CheckCategory, "item_check.item.category"),
            column(_("Checklist item"), lambda r: str(r.item_check.item)),
            column(header(ItemCheck, "note"), "item_check.note"),
            column(_("Ordered"), "created_at"),
            column(_("Rectification deadline"), "deadline"),
            choice_column(header(Rectification, "status"), RectificationStatus, "status"),
            column(_("Overdue"), lambda r: yes_no(r.is_overdue(self.today))),
            column(header(Rectification, "answered_at"), "answered_at"),
            column(header(Rectification, "verified_at"), "verified_at"),
        ]


class FeeItemResource(RowsResource):
    """Fee items of published and superseded disclosures (drafts are the operator's own)."""

    def columns(self):
        return [
            *institution_columns("schedule.institution"),
            column(header(FeeSchedule, "version"), "schedule.version"),
            choice_column(header(FeeSchedule, "status"), FeeScheduleStatus, "schedule.status"),
            column(header(FeeSchedule, "valid_from"), "schedule.valid_from"),
            column(header(FeeSchedule, "valid_to"), "schedule.valid_to"),
            column(header(FeeSchedule, "published_at"), "schedule.published_at"),
            choice_column(header(FeeItem, "fee_type"), FeeType, "fee_type"),
            column(header(FeeItem, "name"), "name"),
            column(
                header(FeeItem, "class_type"), lambda item: _one_or_all(ClassType, item.class_type, _("All classes"))
            ),
            column(
                header(FeeItem, "service_form"),
                lambda item: _one_or_all(ServiceForm, item.service_form, _("All service forms")),
            ),
            column(header(FeeItem, "amount"), "amount"),
            choice_column(header(FeeItem, "unit"), FeeUnit, "unit"),
            column(header(FeeItem, "note"), "note"),
        ]


def _one_or_all(choices, value, everything) -> str:
    """A fee item for one class type (or service form), or for all of them when none is named."""
    return label(choices, value) if value else str(everything)


class OperatingReportResource(RowsResource):
    ENROLLED = ("enrolled_infant", "enrolled_toddler", "enrolled_senior", "enrolled_mixed")
    ON_DUTY = ("staff_on_duty", "caregivers_on_duty", "incidents")

    def columns(self):
        return [
            *institution_columns("institution"),
            column(header(OperatingReport, "period"), lambda report: report.period.strftime("%Y-%m")),
            *(column(header(OperatingReport, name), name) for name in self.ENROLLED),
            column(_("Enrolled in total"), "enrolled"),
            column(header(OperatingReport, "seats_at_submission"), "seats_at_submission"),
            column(_("Over capacity"), lambda report: yes_no(report.over_capacity)),
            *(column(header(OperatingReport, name), name) for name in self.ON_DUTY),
            column(header(OperatingReport, "incident_notes"), "incident_notes"),
            column(header(OperatingReport, "submitted_at"), "submitted_at"),
        ]


class ComplaintResource(RowsResource):
    """The complaint's own jurisdiction; the institution when one is named (else the name given)."""

    def columns(self):
        return [
            column(header(Complaint, "tracking_code"), "tracking_code"),
            column(header(Complaint, "received_at"), "received_at"),
            column(_("Jurisdiction code"), "jurisdiction.code"),
            column(_("Jurisdiction"), "jurisdiction.name"),
            column(_("Institution"), lambda c: c.institution.name if c.institution_id else c.institution_name),
            column(_("Credit code"), lambda c: c.institution.uscc if c.institution_id else ""),
            choice_column(header(Complaint, "category"), ComplaintCategory, "category"),
            column(header(Complaint, "description"), "description"),
            choice_column(header(Complaint, "status"), ComplaintStatus, "status"),
            choice_column(header(Complaint, "risk_level"), RiskLevel, "risk_level"),
            column(header(Complaint, "outcome"), "outcome"),
            column(header(Complaint, "closed_at"), "closed_at"),
        ]
