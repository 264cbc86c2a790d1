"""Django admin for accounts: jurisdictions, users with their role, notifications."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from baodi_care.accounts.models import Jurisdiction, Notification, User


@admin.register(Jurisdiction)
class JurisdictionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "population", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["population", "is_active"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "role", "jurisdiction", "department", "is_active"]
    list_filter = ["role", "jurisdiction", "is_active"]
    search_fields = ["username", "full_name", "email", "phone"]
    list_select_related = ["jurisdiction"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email", "phone")}),
        (_("Role"), {"fields": ("role", "jurisdiction", "department")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "role", "jurisdiction", "department", "password1", "password2"),
            },
        ),
    )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "shown_text", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["recipient__username", "message"]
    list_select_related = ["recipient"]

    @admin.display(description=_("message"))
    def shown_text(self, obj: Notification) -> str:
        """The message as its reader sees it (the row keeps the English msgid and its parameters)."""
        return obj.text
