"""Identity numbers of people and sponsors (a 举办者's credit code or ID number, a staff member's ID number): stored in
full, read in full by the health commission only, shown masked to everyone else (the operator who typed them too)."""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import has_role
from institutions.choices import IDENTITY_NUMBER_FIELDS


def sees_identity_numbers(user) -> bool:
    """The district health commission reads identity numbers in full; no one else does."""
    return has_role(user, Role.COMMISSION)


def mask_number(value: str | None) -> str:
    """An identity number with its middle hidden: 120***********1234 (the first 3 and last 4 characters)."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def shown(field: str, value, *, reveal: bool):
    """The value of `field` as its reader may see it: masked if it is an identity number and `reveal` is False."""
    if field in IDENTITY_NUMBER_FIELDS and not reveal and isinstance(value, str):
        return mask_number(value)
    return value
