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

from baodi_care.core.spreadsheets import RowsResource, choice_column, column, field_columns, header, label, yes_no
from institutions.choices import ClassType, ServiceForm
from institutions.models import FeeItem, FeeSchedule, OperatingReport
from institutions.register.resources import institution_columns
from supervision.choices import CheckCategory, MemberDepartment, RectificationStatus
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
            *field_columns(Inspection, "inspected_on", "mode", "kind", via="inspection"),
            column(
                header(Inspection, "departments"),
                lambda check: "、".join(label(MemberDepartment, d) for d in check.inspection.departments or []),
            ),
            *field_columns(Inspection, "status", "result", via="inspection"),
            choice_column(_("Checklist category"), CheckCategory, "item.category"),
            column(_("Checklist item"), lambda check: str(check.item)),
            *field_columns(ItemCheck, "outcome", "note"),
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
            *field_columns(Inspection, "inspected_on", via="item_check.inspection"),
            choice_column(_("Checklist category"), CheckCategory, "item_check.item.category"),
            column(_("Checklist item"), lambda r: str(r.item_check.item)),
            *field_columns(ItemCheck, "note", via="item_check"),
            column(_("Ordered"), "created_at"),
            column(_("Rectification deadline"), "deadline"),
            *field_columns(Rectification, "status"),
            column(_("Overdue"), lambda r: yes_no(r.is_overdue(self.today))),
            *field_columns(Rectification, "answered_at", "verified_at"),
        ]


class FeeItemResource(RowsResource):
    """Fee items of published and superseded disclosures (drafts are the operator's own)."""

    def columns(self):
        return [
            *institution_columns("schedule.institution"),
            *field_columns(FeeSchedule, "version", "status", "valid_from", "valid_to", "published_at", via="schedule"),
            *field_columns(FeeItem, "fee_type", "name"),
            # Empty: the item is for every class type (service form).
            column(
                header(FeeItem, "class_type"), lambda item: label(ClassType, item.class_type) or str(_("All classes"))
            ),
            column(
                header(FeeItem, "service_form"),
                lambda item: label(ServiceForm, item.service_form) or str(_("All service forms")),
            ),
            *field_columns(FeeItem, "amount", "unit", "note"),
        ]


class OperatingReportResource(RowsResource):
    def columns(self):
        return [
            *institution_columns("institution"),
            column(header(OperatingReport, "period"), lambda report: report.period.strftime("%Y-%m")),
            *field_columns(OperatingReport, "enrolled_infant", "enrolled_toddler", "enrolled_senior", "enrolled_mixed"),
            column(_("Enrolled in total"), "enrolled"),
            *field_columns(OperatingReport, "seats_at_submission"),
            column(_("Over capacity"), lambda report: yes_no(report.over_capacity)),
            *field_columns(
                OperatingReport, "staff_on_duty", "caregivers_on_duty", "incidents", "incident_notes", "submitted_at"
            ),
        ]


class ComplaintResource(RowsResource):
    """The complaint's own jurisdiction; the institution when one is named (else the name given)."""

    def columns(self):
        return [
            *field_columns(Complaint, "tracking_code", "received_at"),
            column(_("Jurisdiction code"), "jurisdiction.code"),
            column(_("Jurisdiction"), "jurisdiction.name"),
            column(_("Institution"), lambda c: c.institution.name if c.institution_id else c.institution_name),
            column(_("Credit code"), lambda c: c.institution.uscc if c.institution_id else ""),
            *field_columns(Complaint, "category", "description", "status", "risk_level", "outcome", "closed_at"),
        ]
