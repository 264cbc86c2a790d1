"""Django admin for institutions: the register, document types, the calendar; filings, fees and reports read-only.

A filing's events and documents are audit rows: shown, never changed or deleted (accounts/audit_admin.py).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from baodi_care.core.admin import HistoryAdmin, ReadOnlyAdmin, ReadOnlyInline
from institutions.choices import DESIGNATION_FIELDS, IDENTITY_FIELDS, ChangeSubject
from institutions.models import (
    CalendarDay,
    ClassGroup,
    DesignationEvent,
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
from institutions.register.selectors import identity_changes, identity_lock


class ClassGroupInline(admin.TabularInline):
    model = ClassGroup
    extra = 0


class StaffInline(admin.TabularInline):
    model = StaffMember
    extra = 0
    exclude = ["id_number"]  # read in full by the commission only, in the portal (institutions/identity_numbers.py)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


DESIGNATION_NOT_HERE = _(
    "Inclusive and demonstration status change only through the health commission's decisions in the portal."
)


class InstitutionAdminForm(forms.ModelForm):
    """Refuses a change of a filed institution's identity facts however it is posted (the change form, or a
    "revert" of its history, whose form starts from an old version): they change through an acknowledged 变更备案."""

    def clean(self):
        cleaned = super().clean()
        stored = Institution.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        if stored is not None:
            # Posted values, else the instance's: a revert's instance is the old version, posted or not.
            values = {n: cleaned[n] if n in cleaned else getattr(self.instance, n) for n in IDENTITY_FIELDS}
            changed = identity_changes(stored, values)
            lock = identity_lock(stored) if changed else ""
            if lock:
                raise forms.ValidationError(lock)
            # 普惠 and 示范 change only through the commission's decisions (a revert would set them behind its back).
            if any(getattr(self.instance, n) != getattr(stored, n) for n in DESIGNATION_FIELDS.values()):
                raise forms.ValidationError(DESIGNATION_NOT_HERE)
        return cleaned


class DesignationEventInline(ReadOnlyInline):
    model = DesignationEvent
    fields = ["at", "designation", "action", "holds", "decided_on", "basis", "note", "by"]


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    form = InstitutionAdminForm
    list_display = ["name", "uscc", "jurisdiction", "category", "is_inclusive", "status"]
    list_filter = ["status", "category", "is_inclusive", "jurisdiction"]
    search_fields = ["name", "uscc"]
    list_select_related = ["jurisdiction"]
    readonly_fields = ["status", "is_inclusive", "is_demonstration", "created_at", "updated_at"]
    # Identity numbers are read in full by the commission only, in the portal (institutions/identity_numbers.py).
    exclude = ["sponsor_id_number"]
    inlines = [ClassGroupInline, StaffInline, MembershipInline, DesignationEventInline]

    def get_readonly_fields(self, request, obj=None):
        """A filed institution's 街镇, name, credit code, legal form and category are shown, never edited here."""
        fields = list(super().get_readonly_fields(request, obj))
        stored = Institution.objects.filter(pk=obj.pk).first() if obj is not None and obj.pk else None
        return [*fields, *IDENTITY_FIELDS] if stored is not None and identity_lock(stored) else fields


class DocumentTypeForm(forms.ModelForm):
    """The change subjects as tick boxes, not raw JSON."""

    required_for_changes = forms.MultipleChoiceField(
        label=DocumentType._meta.get_field("required_for_changes").verbose_name,
        help_text=DocumentType._meta.get_field("required_for_changes").help_text,
        choices=ChangeSubject.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DocumentType
        fields = [
            "code", "name", "name_en", "required_for_initial", "required_when_meals", "required_for_changes",
            "position", "is_active",
        ]  # fmt: skip


@admin.register(DocumentType)
class DocumentTypeAdmin(HistoryAdmin):
    form = DocumentTypeForm
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

    list_display = ["institution", "kind", "status", "submitted_at", "receipt_due", "answer_due", "receipt_number"]
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
