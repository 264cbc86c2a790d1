"""Role checks for views. Row scoping lives in each model's QuerySet.for_user()."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .choices import Role

DISTRICT_ROLES = (Role.COMMISSION, Role.DEPARTMENT)
REVIEWER_ROLES = (Role.OFFICIAL, Role.COMMISSION)
STAFF_ROLES = (Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT)


def has_role(user, *roles: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in roles)


class RoleRequiredMixin:
    """403 for a signed-in user whose role may not use the view (anonymous users never get here)."""

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_role(request.user, *self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
