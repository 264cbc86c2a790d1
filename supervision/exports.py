"""Exports (django-import-export resources): the register, filings, inspections with their items, rectifications,
fee disclosures, operating reports, complaints and statistics tables.

Headers are gettext strings (English msgids, Chinese for users). The resources only turn one object into one
row; supervision.exporting writes the rows (streamed CSV, write-only xlsx), and supervision.views_exports
decides who may export what and starts every export from Model.objects.for_user(user).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from baodi_care.accounts.models import Jurisdiction
from institutions.choices import ClassType, FeeScheduleStatus, FeeType, FeeUnit, ServiceForm
from institutions.importing import REGISTER_COLUMNS, export_value
from institutions.models import FeeItem, FeeSchedule, Filing, Institution, OperatingReport

from .choices import (
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
from .models import Complaint, Inspection, ItemCheck, Rectification

COLUMNS = (
    "receipt_number", "institution", "uscc", "jurisdiction", "category", "kind", "status", "submitted", "due_date",
    "overdue", "decided",
)  # fmt: skip


def _when(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class FilingResource(resources.ModelResource):
    """One row per filing of the (already scoped and filtered) queryset, with worded values."""

    receipt_number = fields.Field(attribute="receipt_number", column_name=_("Receipt number"))
    institution = fields.Field(column_name=_("Institution"))
    uscc = fields.Field(column_name=_("Credit code"))
    jurisdiction = fields.Field(column_name=_("Jurisdiction"))
    category = fields.Field(column_name=_("Category"))
    kind = fields.Field(column_name=_("Kind"))
    status = fields.Field(column_name=_("Status"))
    submitted = fields.Field(column_name=_("Submitted"))
    due_date = fields.Field(column_name=_("Deadline"))
    overdue = fields.Field(column_name=_("Overdue"))
    decided = fields.Field(column_name=_("Decided"))

    class Meta:
        model = Filing
        fields = COLUMNS
        export_order = COLUMNS

    def __init__(self, today: datetime.date | None = None, **kwargs):
        super().__init__(**kwargs)
        self.today = today or timezone.localdate()

    def dehydrate_receipt_number(self, filing: Filing) -> str:
        return filing.receipt_number or ""

    def dehydrate_institution(self, filing: Filing) -> str:
        return filing.institution.name

    def dehydrate_uscc(self, filing: Filing) -> str:
        return filing.institution.uscc

    def dehydrate_jurisdiction(self, filing: Filing) -> str:
        return filing.institution.jurisdiction.name

    def dehydrate_category(self, filing: Filing) -> str:
        return str(filing.institution.get_category_display())

    def dehydrate_kind(self, filing: Filing) -> str:
        return str(filing.get_kind_display())

    def dehydrate_status(self, filing: Filing) -> str:
        return str(filing.get_status_display())

    def dehydrate_submitted(self, filing: Filing) -> str:
        return _when(filing.submitted_at)

    def dehydrate_due_date(self, filing: Filing) -> str:
        return filing.due_date.isoformat() if filing.due_date else ""

    def dehydrate_overdue(self, filing: Filing) -> str:
        return str(_("Yes") if filing.is_overdue(self.today) else _("No"))

    def dehydrate_decided(self, filing: Filing) -> str:
        return _when(filing.decided_at)


# --- Shared helpers -------------------------------------------------------------------------------


def _header(model, name: str):
    """A column header from the model's own verbose name (translated with it)."""
    return capfirst(model._meta.get_field(name).verbose_name)


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else (value or "")


def _yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


class RowsResource(resources.Resource):
    """A resource whose columns are declared one by one with dehydrate_* methods, in declaration order."""

    def get_export_order(self):
        return tuple(self.fields)


# --- The register ---------------------------------------------------------------------------------


class InstitutionResource(RowsResource):
    """The institution register in the columns of institutions.importing.REGISTER_COLUMNS (the import reads them).

    Logged-in staff only: the address of a 家庭托育点 (somebody's home) is in it, unlike in the open data.
    Rows come from institutions.importing.register_queryset() (jurisdiction and seats in the same query).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for column in REGISTER_COLUMNS:
            self.fields[column.key] = fields.Field(
                column_name=column.header, dehydrate_method=lambda obj, c=column: export_value(c, obj)
            )


# --- Filings --------------------------------------------------------------------------------------

FILING_EXTRA_COLUMNS = ("jurisdiction_code", "first_submitted", "round", "decision_reason")


class FilingExportResource(FilingResource):
    """The work list's columns and what a report to the city also asks: code, first submission, rounds, reasons."""

    jurisdiction_code = fields.Field(column_name=_("Jurisdiction code"))
    first_submitted = fields.Field(column_name=_("First submitted"))
    round = fields.Field(column_name=_header(Filing, "round"))
    decision_reason = fields.Field(column_name=_header(Filing, "decision_reason"))

    class Meta:
        model = Filing
        fields = COLUMNS + FILING_EXTRA_COLUMNS
        export_order = (*COLUMNS[:4], "jurisdiction_code", *COLUMNS[4:], *FILING_EXTRA_COLUMNS[1:])

    def dehydrate_jurisdiction_code(self, filing: Filing) -> str:
        return filing.institution.jurisdiction.code

    def dehydrate_first_submitted(self, filing: Filing) -> str:
        return _when(filing.first_submitted_at)

    def dehydrate_round(self, filing: Filing) -> int:
        return filing.round

    def dehydrate_decision_reason(self, filing: Filing) -> str:
        return filing.decision_reason


# --- Inspections, one row per checked item ------------------------------------------------------------


class InstitutionColumnsMixin:
    """Institution, credit code, jurisdiction and its code, from `institution_path` (select_related)."""

    institution_path: tuple[str, ...] = ("institution",)

    def _institution(self, obj) -> Institution:
        for name in self.institution_path:
            obj = getattr(obj, name)
        return obj

    def dehydrate_institution(self, obj) -> str:
        return self._institution(obj).name

    def dehydrate_uscc(self, obj) -> str:
        return self._institution(obj).uscc

    def dehydrate_jurisdiction_code(self, obj) -> str:
        return self._institution(obj).jurisdiction.code

    def dehydrate_jurisdiction(self, obj) -> str:
        return self._institution(obj).jurisdiction.name


def _institution_fields() -> dict:
    return {
        "institution": fields.Field(column_name=_("Institution")),
        "uscc": fields.Field(column_name=_("Credit code")),
        "jurisdiction_code": fields.Field(column_name=_("Jurisdiction code")),
        "jurisdiction": fields.Field(column_name=_("Jurisdiction")),
    }


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


# --- Rectifications ---------------------------------------------------------------------------------


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


# --- Fee disclosures, one row per fee item ---------------------------------------------------------------


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


# --- Operating reports -----------------------------------------------------------------------------


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


# --- Complaints (never the complainant's name or phone) ---------------------------------------------------


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


# --- Statistics tables (lists of dicts) ---------------------------------------------------------------------


class TableResource(RowsResource):
    """A table of figures (a list of dicts from supervision.dashboard) in the figure's columns (key, label, kind)."""

    def __init__(self, columns, **kwargs):
        super().__init__(**kwargs)
        for column in columns:
            self.fields[column.key] = fields.Field(
                column_name=column.label, dehydrate_method=lambda row, c=column: _table_cell(row.get(c.key), c.kind)
            )


def _table_cell(value, kind: str):
    """Numbers stay numbers; yes/no and target met/not met are worded; nothing computed stays empty."""
    if value is None:
        return None
    if kind == "bool":
        return _yes_no(value)
    if kind == "met":
        return str(_("Met") if value else _("Not met"))
    if isinstance(value, bool | int | float | Decimal):
        return value
    return str(value)


# --- Filters of the exports page (django-filter) ----------------------------------------------------------
# Each export takes the scoped queryset and narrows it; jurisdiction choices come from the same scope.

YES, NO = "yes", "no"


def _date_filter(label, field_name: str, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label, field_name=field_name, lookup_expr=lookup, widget=forms.DateInput(attrs={"type": "date"})
    )


class ScopedFilterSet(django_filters.FilterSet):
    """A filter set whose jurisdiction choices are the user's (an official is offered only their own)."""

    jurisdiction_field = "institution__jurisdiction"

    def __init__(self, data=None, queryset=None, *, user=None, today: datetime.date | None = None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.today = today or timezone.localdate()
        if "jurisdiction" in self.filters:
            self.filters["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")


class InspectionItemFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"),
        field_name="inspection__institution__jurisdiction",
        queryset=Jurisdiction.objects.none(),
    )
    date_from = _date_filter(_("Inspected from"), "inspection__inspected_on", "gte")
    date_to = _date_filter(_("Inspected to"), "inspection__inspected_on", "lte")
    kind = django_filters.ChoiceFilter(label=_("Kind"), field_name="inspection__kind", choices=InspectionKind.choices)
    category = django_filters.ChoiceFilter(
        label=_("Checklist category"), field_name="item__category", choices=CheckCategory.choices
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)

    class Meta:
        model = ItemCheck
        fields = ["jurisdiction", "date_from", "date_to", "kind", "category", "outcome"]


class RectificationExportFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RectificationStatus.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[(YES, _("Overdue only")), (NO, _("Not overdue"))], method="filter_overdue"
    )
    deadline_from = _date_filter(_("Deadline from"), "deadline", "gte")
    deadline_to = _date_filter(_("Deadline to"), "deadline", "lte")

    class Meta:
        model = Rectification
        fields = ["jurisdiction", "status", "overdue", "deadline_from", "deadline_to"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=RectificationStatus.OPEN, deadline__lt=self.today)
        if value == YES:
            return queryset.filter(overdue)
        if value == NO:
            return queryset.exclude(overdue)
        return queryset


class FeeItemExportFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="schedule__institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="schedule__status",
        choices=[(s.value, s.label) for s in (FeeScheduleStatus.PUBLISHED, FeeScheduleStatus.SUPERSEDED)],
    )
    fee_type = django_filters.ChoiceFilter(label=_("Fee type"), choices=FeeType.choices)
    class_type = django_filters.ChoiceFilter(label=_("Class type"), choices=ClassType.choices)

    class Meta:
        model = FeeItem
        fields = ["jurisdiction", "status", "fee_type", "class_type"]


class OperatingReportExportFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )
    period_from = _date_filter(_("Months from"), "period", "gte")
    period_to = _date_filter(_("Months to"), "period", "lte")

    class Meta:
        model = OperatingReport
        fields = ["jurisdiction", "period_from", "period_to"]


class ComplaintExportFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="jurisdiction", queryset=Jurisdiction.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ComplaintStatus.choices)
    category = django_filters.ChoiceFilter(label=_("What it is about"), choices=ComplaintCategory.choices)
    received_from = _date_filter(_("Received from"), "received_at", "date__gte")
    received_to = _date_filter(_("Received to"), "received_at", "date__lte")

    class Meta:
        model = Complaint
        fields = ["jurisdiction", "status", "category", "received_from", "received_to"]
