"""Users of each role, and the jurisdictions they work in."""

from __future__ import annotations

import itertools

from baodi_care.accounts.choices import Role
from baodi_care.accounts.jurisdictions import BAODI_JURISDICTIONS, full_code
from baodi_care.accounts.models import Jurisdiction, User

PASSWORD = "correct-horse-battery-9"
HAIBIN = "120115001000"  # 海滨街道
BAOPING = "120115002000"  # 宝平街道

_serial = itertools.count(1)


def jurisdiction(code: str = HAIBIN) -> Jurisdiction:
    """The seeded jurisdiction with this code (recreated if a transactional test flushed the table)."""
    names = {full_code(short): (name, kind) for short, name, kind in BAODI_JURISDICTIONS}
    name, kind = names[code]
    return Jurisdiction.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]


def make_user(role: str = Role.OPERATOR, *, jurisdiction: Jurisdiction | None = None, **extra) -> User:
    """A user of the role, signing in with PASSWORD (the administrator makes accounts; there is no service)."""
    n = next(_serial)
    user = User(
        username=extra.pop("username", f"{role}{n}"),
        full_name=extra.pop("full_name", f"测试用户{n}"),
        role=role,
        jurisdiction=jurisdiction,
        email=extra.pop("email", f"user{n}@example.cn"),
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def official_of(place: Jurisdiction) -> User:
    """An official of the jurisdiction (the first one, or a new one)."""
    found = User.objects.filter(role=Role.OFFICIAL, jurisdiction=place, is_active=True).order_by("pk").first()
    return found or make_user(Role.OFFICIAL, jurisdiction=place)


def commission_user() -> User:
    """A member of the health commission (the first one, or a new one)."""
    found = User.objects.filter(role=Role.COMMISSION, is_active=True).order_by("pk").first()
    return found or make_user(Role.COMMISSION)
