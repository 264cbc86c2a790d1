"""The Django admin behind the second factor: its site refuses a session that has not passed it (the middleware
sends such a user to the code page first; this holds even if the middleware were left out)."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig

from baodi_care.accounts.second_factor.policy import is_verified


class VerifiedAdminSite(AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and is_verified(request.user)


class VerifiedAdminConfig(AdminConfig):
    """In INSTALLED_APPS instead of django.contrib.admin: admin.site is a VerifiedAdminSite."""

    default_site = "baodi_care.accounts.second_factor.admin_site.VerifiedAdminSite"
