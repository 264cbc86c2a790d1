"""Django admin pieces that keep the admin from bypassing the portal's workflows.

Anything a workflow has locked (a filing once created, a published checklist, a finished inspection) is shown
read-only: the admin is for system administrators, and the services are the only way to change state.
Audit rows and histories are read-only and never reverted (`ReadOnlyAdmin`, `ReadOnlyInline` and `HistoryAdmin`
live in accounts/audit_admin.py, the lowest layer, so that the accounts admin uses them too).
"""

from __future__ import annotations

from django.contrib import admin

from baodi_care.accounts.audit_admin import HistoryAdmin, ReadOnlyAdmin, ReadOnlyInline

__all__ = ["HistoryAdmin", "LockableAdmin", "LockedWithParentInline", "ReadOnlyAdmin", "ReadOnlyInline"]


class LockableAdmin(admin.ModelAdmin):
    """An object that becomes read-only (itself and its inlines) once `is_locked(obj)` says so."""

    def is_locked(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.is_locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.is_locked(obj):
            return False
        return super().has_delete_permission(request, obj)


class LockedWithParentInline(admin.TabularInline):
    """Inline rows that are read-only when the parent's admin says the parent is locked."""

    extra = 0

    def _parent_locked(self, request, obj) -> bool:
        parent_admin = self.admin_site._registry.get(self.parent_model)
        return bool(obj is not None and isinstance(parent_admin, LockableAdmin) and parent_admin.is_locked(obj))

    def has_add_permission(self, request, obj=None):
        return not self._parent_locked(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._parent_locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._parent_locked(request, obj) and super().has_delete_permission(request, obj)
