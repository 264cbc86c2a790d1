"""Staff accounts the commission makes in the portal (an official of one 街镇, a member-department user)."""

from __future__ import annotations

import itertools

from baodi_care.accounts.choices import MemberDepartment, Role
from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.accounts.staff import services as staff_services
from tests.builders.accounts import commission_user

_serial = itertools.count(1)


def make_staff_account(
    role: str = Role.OFFICIAL, *, jurisdiction: Jurisdiction | None = None, by: User | None = None, **fields
) -> User:
    """An account made by the commission through the service: no password yet (its link sets one)."""
    n = next(_serial)
    return staff_services.create_staff_user(
        by=by or commission_user(), role=role, username=fields.pop("username", f"staff{n}"),
        full_name=fields.pop("full_name", f"工作人员{n}"), email=fields.pop("email", f"staff{n}@example.cn"),
        jurisdiction=jurisdiction,
        department=fields.pop("department", MemberDepartment.EDUCATION if role == Role.DEPARTMENT else ""),
        **fields,
    )  # fmt: skip
