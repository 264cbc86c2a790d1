"""Django admin for system administrators; officials and the commission work in the portal's own pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from baodi_care.core.admin import LockableAdmin, LockedWithParentInline
from supervision.checklists.selectors import is_draft
from supervision.choices import InspectionStatus
from supervision.models import (
    ChecklistItem,
    ChecklistTemplate,
    EvidenceFile,
    Inspection,
    InspectionFrequency,
    ItemCheck,
    Rectification,
    RectificationEvent,
)

# --- Inspections and rectifications ---


class ChecklistItemInline(LockedWithParentInline):
    model = ChecklistItem


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(LockableAdmin, SimpleHistoryAdmin):
    """A published (or superseded) version is read-only: inspections keep the items they used."""

    list_display = ["name", "version", "is_current", "created_at"]
    list_filter = ["is_current"]
    inlines = [ChecklistItemInline]

    def is_locked(self, obj) -> bool:
        return not is_draft(obj)


@admin.register(InspectionFrequency)
class InspectionFrequencyAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "category", "institution", "per_year"]
    raw_id_fields = ["institution"]


class ItemCheckInline(LockedWithParentInline):
    model = ItemCheck
    raw_id_fields = ["item"]


@admin.register(Inspection)
class InspectionAdmin(LockableAdmin, SimpleHistoryAdmin):
    """A finished inspection is locked: its outcomes and result stand as recorded."""

    list_display = ["institution", "inspected_on", "kind", "mode", "status", "result"]
    list_filter = ["status", "result", "kind", "mode"]
    search_fields = ["institution__name"]
    list_select_related = ["institution"]
    raw_id_fields = ["institution", "complaint", "created_by"]
    readonly_fields = ["status", "result", "finished_at", "created_at", "updated_at"]
    inlines = [ItemCheckInline]

    def is_locked(self, obj) -> bool:
        return obj.status != InspectionStatus.DRAFT


class RectificationEventInline(admin.TabularInline):
    model = RectificationEvent
    extra = 0
    readonly_fields = ["action", "from_status", "to_status", "by", "at", "note"]


@admin.register(Rectification)
class RectificationAdmin(SimpleHistoryAdmin):
    list_display = ["institution", "deadline", "status", "answered_at", "verified_at"]
    list_filter = ["status"]
    search_fields = ["institution__name"]
    list_select_related = ["institution"]
    raw_id_fields = ["item_check", "institution"]
    readonly_fields = ["status", "version", "response", "answered_at", "verification_note", "verified_at"]
    inlines = [RectificationEventInline]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "extension", "size", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["item_check", "rectification", "uploaded_by"]
    readonly_fields = ["sha256", "size", "extension"]
