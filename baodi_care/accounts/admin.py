"""Django admin for accounts: jurisdictions, users with their role, notifications; axes's sign-in logs read-only."""

import axes.admin  # registers axes's admins first, so that its two logs can be replaced below
from axes.models import AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from baodi_care.accounts.audit_admin import HistoryAdmin, ReadOnlyAdmin
from baodi_care.accounts.choices import MemberDepartment
from baodi_care.accounts.models import Jurisdiction, Notification, User, UserSession
from baodi_care.accounts.sessions import end_sessions


@admin.register(Jurisdiction)
class JurisdictionAdmin(HistoryAdmin):
    list_display = ["code", "name", "kind", "population", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["population", "is_active"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, HistoryAdmin):
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

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: the audit trails and histories go on naming who acted.
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "department":  # the code of a member department (choices.MemberDepartment)
            choices = [("", "---------"), *MemberDepartment.choices]
            return forms.ChoiceField(label=db_field.verbose_name, choices=choices, required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


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


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Signed-in sessions: the administrator ends one user's sessions, or everybody's (select all, then the action)."""

    list_display = ["user", "device", "ip_address", "signed_in_at", "last_seen"]
    search_fields = ["user__username", "user__full_name", "ip_address"]
    list_select_related = ["user"]
    readonly_fields = ["user", "device", "user_agent", "ip_address", "signed_in_at", "last_seen"]
    exclude = ["session_key"]
    actions = ["end_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        # Deleting a row would leave its session signed in: ending is the only way out.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("End the selected sessions"), permissions=["view"])
    def end_selected(self, request, queryset):
        ended = sum(end_sessions(user=row.user, pk=row.pk) for row in queryset.select_related("user"))
        self.message_user(request, ngettext("%(n)d session ended.", "%(n)d sessions ended.", ended) % {"n": ended})


# django-axes's logs are audit records (append-only, accounts/signin_logs.py): read-only, with no delete action.
# Its AccessAttempt stays as axes made it: the live failure counter, which deleting unlocks.
class SignInLogAdmin(ReadOnlyAdmin, axes.admin.AccessLogAdmin):
    pass


class FailedSignInLogAdmin(ReadOnlyAdmin, axes.admin.AccessFailureLogAdmin):
    pass


for _model, _admin in ((AccessLog, SignInLogAdmin), (AccessFailureLog, FailedSignInLogAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, _admin)
