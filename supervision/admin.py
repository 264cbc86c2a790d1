"""Django admin for system administrators; officials and the commission work in the portal's own pages."""

from django.contrib import admin

from baodi_care.core.admin import HistoryAdmin, LockableAdmin, LockedWithParentInline, ReadOnlyAdmin, ReadOnlyInline
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
class ChecklistTemplateAdmin(LockableAdmin, HistoryAdmin):
    """A published (or superseded) version is read-only: inspections keep the items they used."""

    list_display = ["name", "version", "is_current", "created_at"]
    list_filter = ["is_current"]
    inlines = [ChecklistItemInline]

    def is_locked(self, obj) -> bool:
        return not is_draft(obj)


@admin.register(InspectionFrequency)
class InspectionFrequencyAdmin(HistoryAdmin):
    list_display = ["__str__", "category", "institution", "per_year"]
    raw_id_fields = ["institution"]


class ItemCheckInline(LockedWithParentInline):
    model = ItemCheck
    raw_id_fields = ["item"]


@admin.register(Inspection)
class InspectionAdmin(LockableAdmin, HistoryAdmin):
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


class RectificationEventInline(ReadOnlyInline):
    model = RectificationEvent
    fields = ["action", "from_status", "to_status", "by", "at", "note"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin, HistoryAdmin):
    """Read-only: ordered, answered and verified only in the portal; its steps are audit rows, its history kept."""

    list_display = ["institution", "deadline", "status", "answered_at", "verified_at"]
    list_filter = ["status"]
    search_fields = ["institution__name"]
    list_select_related = ["institution"]
    inlines = [RectificationEventInline]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    """Evidence is an audit record: shown (what it is, who sent it, its checksum), never replaced or deleted.

    The file itself is not on the page: it is downloaded in the portal, through the views that check scope.
    """

    list_display = ["original_name", "extension", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["uploaded_by"]
    fields = [
        "original_name", "extension", "size", "sha256", "item_check", "rectification", "uploaded_by", "uploaded_at",
    ]  # fmt: skip
