from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields

from baodi_care.core.resources import RowsResource, _header, _label, _yes_no
from institutions.choices import ClassType, FeeScheduleStatus, FeeType, FeeUnit, ServiceForm
from institutions.models import FeeItem, FeeSchedule, OperatingReport
from institutions.register.resources import InstitutionColumnsMixin, _institution_fields
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


class InspectionItemResource(InstitutionColumnsMixin, RowsResource):
    """One row per checked item: the inspection's facts, then the item, its outcome and note."""

    institution_path = ("inspection", "institution")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        columns = {
            **_institution_fields(),
            "inspected_on": fields.Field(column_name=_header(Inspection, "inspected_on")),
            "mode": fields.Field(column_name=_header(Inspection, "mode")),
            "kind": fields.Field(column_name=_header(Inspection, "kind")),
            "departments": fields.Field(column_name=_header(Inspection, "departments")),
            "inspection_status": fields.Field(column_name=_header(Inspection, "status")),
            "result": fields.Field(column_name=_header(Inspection, "result")),
            "category": fields.Field(column_name=_("Checklist category")),
            "item": fields.Field(column_name=_("Checklist item")),
            "outcome": fields.Field(column_name=_header(ItemCheck, "outcome")),
            "note": fields.Field(column_name=_header(ItemCheck, "note")),
            "rectification_deadline": fields.Field(column_name=_("Rectification deadline")),
            "rectification_status": fields.Field(column_name=_("Rectification status")),
        }
        self.fields.update(columns)

    def dehydrate_inspected_on(self, check: ItemCheck):
        return check.inspection.inspected_on

    def dehydrate_mode(self, check: ItemCheck) -> str:
        return _label(InspectionMode, check.inspection.mode)

    def dehydrate_kind(self, check: ItemCheck) -> str:
        return _label(InspectionKind, check.inspection.kind)

    def dehydrate_departments(self, check: ItemCheck) -> str:
        return "、".join(_label(MemberDepartment, d) for d in check.inspection.departments or [])

    def dehydrate_inspection_status(self, check: ItemCheck) -> str:
        return _label(InspectionStatus, check.inspection.status)

    def dehydrate_result(self, check: ItemCheck) -> str:
        return _label(InspectionResult, check.inspection.result)

    def dehydrate_category(self, check: ItemCheck) -> str:
        return _label(CheckCategory, check.item.category)

    def dehydrate_item(self, check: ItemCheck) -> str:
        return str(check.item)

    def dehydrate_outcome(self, check: ItemCheck) -> str:
        return _label(Outcome, check.outcome)

    def dehydrate_note(self, check: ItemCheck) -> str:
        return check.note

    def _rectification(self, check: ItemCheck) -> Rectification | None:
        try:
            return check.rectification
        except Rectification.DoesNotExist:
            return None

    def dehydrate_rectification_deadline(self, check: ItemCheck):
        rectification = self._rectification(check)
        return rectification.deadline if rectification else None

    def dehydrate_rectification_status(self, check: ItemCheck) -> str:
        rectification = self._rectification(check)
        return _label(RectificationStatus, rectification.status) if rectification else ""


class RectificationResource(InstitutionColumnsMixin, RowsResource):
    def __init__(self, today: datetime.date | None = None, **kwargs):
        super().__init__(**kwargs)
        self.today = today or timezone.localdate()
        self.fields.update(
            {
                **_institution_fields(),
                "inspected_on": fields.Field(column_name=_header(Inspection, "inspected_on")),
                "category": fields.Field(column_name=_("Checklist category")),
                "item": fields.Field(column_name=_("Checklist item")),
                "note": fields.Field(column_name=_header(ItemCheck, "note")),
                "created": fields.Field(column_name=_("Ordered")),
                "deadline": fields.Field(column_name=_("Rectification deadline")),
                "status": fields.Field(column_name=_header(Rectification, "status")),
                "overdue": fields.Field(column_name=_("Overdue")),
                "answered": fields.Field(column_name=_header(Rectification, "answered_at")),
                "verified": fields.Field(column_name=_header(Rectification, "verified_at")),
            }
        )

    def dehydrate_inspected_on(self, r: Rectification):
        return r.item_check.inspection.inspected_on

    def dehydrate_category(self, r: Rectification) -> str:
        return _label(CheckCategory, r.item_check.item.category)

    def dehydrate_item(self, r: Rectification) -> str:
        return str(r.item_check.item)

    def dehydrate_note(self, r: Rectification) -> str:
        return r.item_check.note

    def dehydrate_created(self, r: Rectification):
        return r.created_at

    def dehydrate_deadline(self, r: Rectification):
        return r.deadline

    def dehydrate_status(self, r: Rectification) -> str:
        return _label(RectificationStatus, r.status)

    def dehydrate_overdue(self, r: Rectification) -> str:
        return _yes_no(r.is_overdue(self.today))

    def dehydrate_answered(self, r: Rectification):
        return r.answered_at

    def dehydrate_verified(self, r: Rectification):
        return r.verified_at


class FeeItemResource(InstitutionColumnsMixin, RowsResource):
    """Fee items of published and superseded disclosures (drafts are the operator's own)."""

    institution_path = ("schedule", "institution")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields.update(
            {
                **_institution_fields(),
                "version": fields.Field(column_name=_header(FeeSchedule, "version")),
                "status": fields.Field(column_name=_header(FeeSchedule, "status")),
                "valid_from": fields.Field(column_name=_header(FeeSchedule, "valid_from")),
                "valid_to": fields.Field(column_name=_header(FeeSchedule, "valid_to")),
                "published": fields.Field(column_name=_header(FeeSchedule, "published_at")),
                "fee_type": fields.Field(column_name=_header(FeeItem, "fee_type")),
                "name": fields.Field(column_name=_header(FeeItem, "name")),
                "class_type": fields.Field(column_name=_header(FeeItem, "class_type")),
                "service_form": fields.Field(column_name=_header(FeeItem, "service_form")),
                "amount": fields.Field(column_name=_header(FeeItem, "amount")),
                "unit": fields.Field(column_name=_header(FeeItem, "unit")),
                "note": fields.Field(column_name=_header(FeeItem, "note")),
            }
        )

    def dehydrate_version(self, item: FeeItem) -> int:
        return item.schedule.version

    def dehydrate_status(self, item: FeeItem) -> str:
        return _label(FeeScheduleStatus, item.schedule.status)

    def dehydrate_valid_from(self, item: FeeItem):
        return item.schedule.valid_from

    def dehydrate_valid_to(self, item: FeeItem):
        return item.schedule.valid_to

    def dehydrate_published(self, item: FeeItem):
        return item.schedule.published_at

    def dehydrate_fee_type(self, item: FeeItem) -> str:
        return _label(FeeType, item.fee_type)

    def dehydrate_name(self, item: FeeItem) -> str:
        return item.name

    def dehydrate_class_type(self, item: FeeItem) -> str:
        return _label(ClassType, item.class_type) if item.class_type else str(_("All classes"))

    def dehydrate_service_form(self, item: FeeItem) -> str:
        return _label(ServiceForm, item.service_form) if item.service_form else str(_("All service forms"))

    def dehydrate_amount(self, item: FeeItem) -> Decimal:
        return item.amount

    def dehydrate_unit(self, item: FeeItem) -> str:
        return _label(FeeUnit, item.unit)

    def dehydrate_note(self, item: FeeItem) -> str:
        return item.note


class OperatingReportResource(InstitutionColumnsMixin, RowsResource):
    NUMBERS = (
        "enrolled_infant", "enrolled_toddler", "enrolled_senior", "enrolled_mixed", "staff_on_duty",
        "caregivers_on_duty", "incidents",
    )  # fmt: skip

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields.update(
            {
                **_institution_fields(),
                "period": fields.Field(column_name=_header(OperatingReport, "period")),
                **{
                    name: fields.Field(
                        column_name=_header(OperatingReport, name),
                        dehydrate_method=lambda report, n=name: getattr(report, n),
                    )
                    for name in self.NUMBERS[:4]
                },
                "enrolled": fields.Field(column_name=_("Enrolled in total")),
                "seats": fields.Field(column_name=_header(OperatingReport, "seats_at_submission")),
                "over_capacity": fields.Field(column_name=_("Over capacity")),
                **{
                    name: fields.Field(
                        column_name=_header(OperatingReport, name),
                        dehydrate_method=lambda report, n=name: getattr(report, n),
                    )
                    for name in self.NUMBERS[4:]
                },
                "incident_notes": fields.Field(column_name=_header(OperatingReport, "incident_notes")),
                "submitted": fields.Field(column_name=_header(OperatingReport, "submitted_at")),
            }
        )

    def dehydrate_period(self, report: OperatingReport) -> str:
        return report.period.strftime("%Y-%m")

    def dehydrate_enrolled(self, report: OperatingReport) -> int:
        return report.enrolled

    def dehydrate_seats(self, report: OperatingReport) -> int:
        return report.seats_at_submission

    def dehydrate_over_capacity(self, report: OperatingReport) -> str:
        return _yes_no(report.over_capacity)

    def dehydrate_incident_notes(self, report: OperatingReport) -> str:
        return report.incident_notes

    def dehydrate_submitted(self, report: OperatingReport):
        return report.submitted_at


class ComplaintResource(RowsResource):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields.update(
            {
                "tracking_code": fields.Field(column_name=_header(Complaint, "tracking_code")),
                "received": fields.Field(column_name=_header(Complaint, "received_at")),
                "jurisdiction_code": fields.Field(column_name=_("Jurisdiction code")),
                "jurisdiction": fields.Field(column_name=_("Jurisdiction")),
                "institution": fields.Field(column_name=_("Institution")),
                "uscc": fields.Field(column_name=_("Credit code")),
                "category": fields.Field(column_name=_header(Complaint, "category")),
                "description": fields.Field(column_name=_header(Complaint, "description")),
                "status": fields.Field(column_name=_header(Complaint, "status")),
                "risk_level": fields.Field(column_name=_header(Complaint, "risk_level")),
                "outcome": fields.Field(column_name=_header(Complaint, "outcome")),
                "closed": fields.Field(column_name=_header(Complaint, "closed_at")),
            }
        )

    def dehydrate_tracking_code(self, c: Complaint) -> str:
        return c.tracking_code

    def dehydrate_received(self, c: Complaint):
        return c.received_at

    def dehydrate_jurisdiction_code(self, c: Complaint) -> str:
        return c.jurisdiction.code

    def dehydrate_jurisdiction(self, c: Complaint) -> str:
        return c.jurisdiction.name

    def dehydrate_institution(self, c: Complaint) -> str:
        return c.institution.name if c.institution_id else c.institution_name

    def dehydrate_uscc(self, c: Complaint) -> str:
        return c.institution.uscc if c.institution_id else ""

    def dehydrate_category(self, c: Complaint) -> str:
        return _label(ComplaintCategory, c.category)

    def dehydrate_description(self, c: Complaint) -> str:
        return c.description

    def dehydrate_status(self, c: Complaint) -> str:
        return _label(ComplaintStatus, c.status)

    def dehydrate_risk_level(self, c: Complaint) -> str:
        return _label(RiskLevel, c.risk_level)

    def dehydrate_outcome(self, c: Complaint) -> str:
        return c.outcome

    def dehydrate_closed(self, c: Complaint):
        return c.closed_at
