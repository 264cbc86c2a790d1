"""Django admin pieces that keep the admin from bypassing the portal's workflows.

Anything a workflow has locked (a filing once created, a published checklist, a finished inspection) is shown
read-only: the admin is for system administrators, and the services are the only way to change state.
"""

from __future__ import annotations

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    """Rows shown for reference: nothing added, changed or deleted here."""

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
    """Objects that change only through the portal's services, and are never deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
