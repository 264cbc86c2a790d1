"""The Row type of the role × URL matrix, importable by the row modules in tests/scoping_rows/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from baodi_care.accounts.choices import Role

ALL_ROLES = frozenset(Role.values)
STAFF = frozenset({Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT})
REVIEWERS = frozenset({Role.OFFICIAL, Role.COMMISSION})
OPERATOR = frozenset({Role.OPERATOR})


@dataclass(frozen=True)
class Row:
    """How one URL answers each visitor.

    url(ctx) builds the URL for an object inside the visitor's scope; out_of_scope(ctx) the URL of one
    outside an operator's or official's scope (district roles see everything, so they have no such object).
    """

    url: Callable[[dict], str]
    allowed: frozenset = ALL_ROLES
    public: bool = False
    method: str = "get"
    out_of_scope: Callable[[dict], str] | None = None
    # Status for a visitor who is allowed; some pages redirect on success.
    ok: int = 200
    anonymous_status: int | None = None  # defaults to a redirect to login, or `ok` when public
    overrides: dict = field(default_factory=dict)  # visitor → status, for the few pages that differ
