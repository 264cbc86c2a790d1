"""Django admin pieces for rows that are records: shown, never added, changed, deleted or reverted in the admin.

Used by every app's admin.py (core/admin.py passes them on): `ReadOnlyAdmin` and `ReadOnlyInline` for audit rows
(events, uploads, sign-in logs) and anything only the services change; `HistoryAdmin` instead of
simple-history's `SimpleHistoryAdmin`, so that no one, the superuser included, reverts an object to an old
version from its history page. The rows themselves are append-only below the admin too (append_only.py).
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyInline(admin.TabularInline):
    """Rows shown for reference: nothing added, changed or deleted here (no delete checkbox)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        # Listed fields are shown, never edited: so a non-editable one (an upload's time) may be listed too.
        return [*super().get_readonly_fields(request, obj), *(self.fields or ())]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Objects that change only through the portal's services, and are never deleted (no delete action either)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, its history page a record only: old versions are shown, never reverted.

    simple-history's own version page saves the object back to the old version when it is POSTed, whatever
    `SIMPLE_HISTORY_REVERT_DISABLED` hides; here such a POST is refused.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
