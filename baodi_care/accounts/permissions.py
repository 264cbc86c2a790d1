"""Role checks for views. Row scoping lives in each model's QuerySet.for_user()."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from baodi_care.accounts.choices import Role

OPERATOR_ONLY = (Role.OPERATOR,)
OFFICIAL_ONLY = (Role.OFFICIAL,)
COMMISSION_ONLY = (Role.COMMISSION,)
REVIEWER_ROLES = (Role.OFFICIAL, Role.COMMISSION)
STAFF_ROLES = (Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT)
# Everyone who signs in to the portal's own pages (the system administrator works in the Django admin).
PORTAL_ROLES = (Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT)
# Who reads an institution's supervision record (fee history, operating reports with their incidents, rectifications
# with answers and evidence): its operators and its supervisors. Member departments read the register and the
# inspections they took part in, nothing more (DESIGN §1).
RECORD_ROLES = (Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION)


def is_signed_in(user) -> bool:
    """A signed-in, active account: anonymous and deactivated users see and do nothing."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def has_role(user, *roles: str) -> bool:
    return is_signed_in(user) and user.role in roles


class RoleRequiredMixin:
    """403 for a signed-in user whose role may not use the view (anonymous users never get here)."""

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_role(request.user, *self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
