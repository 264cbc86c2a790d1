"""Django admin for institutions: the register, document types, the calendar; filings, fees and reports read-only.

A filing's events and documents are audit rows: shown, never changed or deleted (accounts/audit_admin.py).
"""

from django.contrib import admin

from baodi_care.core.admin import HistoryAdmin, ReadOnlyAdmin, ReadOnlyInline
from institutions.models import (
    CalendarDay,
    ClassGroup,
    Document,
    DocumentType,
    FeeItem,
    FeeSchedule,
    Filing,
    FilingEvent,
    Institution,
    Membership,
    OperatingReport,
    SectionReview,
    StaffMember,
)


class ClassGroupInline(admin.TabularInline):
    model = ClassGroup
    extra = 0


class StaffInline(admin.TabularInline):
    model = StaffMember
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    list_display = ["name", "uscc", "jurisdiction", "category", "is_inclusive", "status"]
    list_filter = ["status", "category", "is_inclusive", "jurisdiction"]
    search_fields = ["name", "uscc"]
    list_select_related = ["jurisdiction"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [ClassGroupInline, StaffInline, MembershipInline]


@admin.register(DocumentType)
class DocumentTypeAdmin(HistoryAdmin):
    list_display = ["code", "name", "required_for_initial", "required_when_meals", "position", "is_active"]
    list_editable = ["required_for_initial", "required_when_meals", "position", "is_active"]


@admin.register(CalendarDay)
class CalendarDayAdmin(HistoryAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


class EventInline(ReadOnlyInline):
    model = FilingEvent
    fields = ["action", "from_status", "to_status", "by", "note"]


class ReviewInline(ReadOnlyInline):
    model = SectionReview


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["document_type", "version", "original_name", "size", "uploaded_by", "uploaded_at"]


class InstitutionRecordAdmin(ReadOnlyAdmin, HistoryAdmin):
    """An institution's record that only the portal's services change: read-only here, found by the institution's
    name or credit code, its history kept."""

    search_fields = ["institution__name", "institution__uscc"]
    list_select_related = ["institution"]


@admin.register(Filing)
class FilingAdmin(InstitutionRecordAdmin):
    """Read-only: filings change only through the portal's services, and nothing submitted is deleted."""

    list_display = ["institution", "kind", "status", "submitted_at", "due_date", "receipt_number"]
    list_filter = ["status", "kind"]
    search_fields = [*InstitutionRecordAdmin.search_fields, "receipt_number"]
    inlines = [EventInline, ReviewInline, DocumentInline]


class FeeItemInline(ReadOnlyInline):
    model = FeeItem
    fields = ["fee_type", "name", "class_type", "service_form", "amount", "unit", "note"]


@admin.register(FeeSchedule)
class FeeScheduleAdmin(InstitutionRecordAdmin):
    """Read-only: disclosures are prepared and published by operators in the portal; history is kept."""

    list_display = ["institution", "version", "status", "valid_from", "valid_to", "published_at"]
    list_filter = ["status"]
    inlines = [FeeItemInline]


@admin.register(OperatingReport)
class OperatingReportAdmin(InstitutionRecordAdmin):
    """Read-only: reports are submitted and corrected by operators in the portal; history is kept."""

    list_display = ["institution", "period", "enrolled", "seats_at_submission", "staff_on_duty", "incidents"]
    list_filter = ["period"]
    date_hierarchy = "period"
