from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ClassGroup, Institution, Membership


class ClassGroupInline(admin.TabularInline):
    model = ClassGroup
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "uscc", "jurisdiction", "category", "is_inclusive", "status"]
    list_filter = ["status", "category", "is_inclusive", "jurisdiction"]
    search_fields = ["name", "uscc"]
    list_select_related = ["jurisdiction"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [ClassGroupInline, MembershipInline]
