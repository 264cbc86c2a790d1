"""The Row type of the role × URL matrix, and the URL builders the row modules in tests/scoping_rows/ share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from baodi_care.accounts.choices import Role

ALL_ROLES = frozenset(Role.values)
STAFF = frozenset({Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT})
REVIEWERS = frozenset({Role.OFFICIAL, Role.COMMISSION})
# Who reads an institution's supervision record (fee history, reports, rectifications): not member departments.
RECORD = frozenset({Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION})
OPERATOR = frozenset({Role.OPERATOR})
OFFICIAL = frozenset({Role.OFFICIAL})
COMMISSION = frozenset({Role.COMMISSION})
# The audit administrator (审计管理员): the audit pages, and nothing else.
AUDITOR = frozenset({Role.AUDITOR})
# Pages of the portal's work that every account opens, except the audit administrator (separation of duties).
NOT_AUDITOR = ALL_ROLES - AUDITOR
# Everybody with an account in the portal's work (the system administrator works in the Django admin).
PORTAL = frozenset({Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT})


@dataclass(frozen=True)
class Row:
    """How one URL answers each visitor.

    url(ctx) builds the URL for an object inside the visitor's scope; out_of_scope(ctx) the URL of one
    outside an operator's or official's scope (district roles see everything, so they have no such object, except
    the district roles named in `narrow_for`: a member department's inspections are those it took part in).
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
    narrow_for: frozenset = frozenset()  # district roles for which out_of_scope(ctx) is out of scope too (→ 404)


def at(name: str, key: str | None = None, *extra) -> Callable[[dict], str]:
    """The URL `name`: of the object ctx[key] (then `extra` arguments) when a key is given."""
    return lambda ctx: reverse(name, args=[ctx[key].pk, *extra] if key else list(extra))


def scoped(name: str, key: str, other_key: str, *extra, **row) -> Row:
    """The row of a page of one object: ctx[key] inside the visitor's scope, ctx[other_key] outside it."""
    return Row(url=at(name, key, *extra), out_of_scope=at(name, other_key, *extra), **row)


def step(name: str, key: str, other_key: str, allowed: frozenset, **row) -> Row:
    """The row of a POST that, done or refused (an empty POST), sends the visitor back with a message."""
    return scoped(name, key, other_key, allowed=allowed, method="post", ok=302, **row)


def posted(name: str, allowed: frozenset = ALL_ROLES, key: str | None = None, **row) -> Row:
    """The row of a POST that redirects whoever may send it (its work done, or a message why not)."""
    return Row(url=at(name, key), allowed=allowed, method="post", ok=302, **row)
