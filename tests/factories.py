"""Test data built through the services, so tests cannot create states the portal could not reach."""

from __future__ import annotations

import itertools

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction, User
from institutions.choices import Category, ClassType, LegalForm, Ownership
from institutions.demo import make_uscc
from institutions.models import Institution
from institutions.register.services import link_operator, register_institution

_serial = itertools.count(1)
PASSWORD = "correct-horse-battery-9"


def jurisdiction(code: str = "120115001000") -> Jurisdiction:
    """The seeded jurisdiction with this code (recreated if a transactional test flushed the table)."""
    from baodi_care.accounts.jurisdictions import BAODI_JURISDICTIONS, full_code

    names = {full_code(short): (name, kind) for short, name, kind in BAODI_JURISDICTIONS}
    name, kind = names[code]
    return Jurisdiction.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]


def make_user(role: str = Role.OPERATOR, *, jurisdiction: Jurisdiction | None = None, **extra) -> User:
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


def make_institution(*, operator: User, jurisdiction: Jurisdiction, **overrides) -> Institution:
    """An institution registered by `operator` (a draft, as registration leaves it)."""
    n = next(_serial)
    fields = {
        "name": f"测试托育中心{n}",
        "uscc": make_uscc(LegalForm.FOR_PROFIT, 900000 + n),
        "legal_form": LegalForm.FOR_PROFIT,
        "ownership": Ownership.PRIVATE,
        "category": Category.INDEPENDENT,
        "jurisdiction": jurisdiction,
        "address": f"天津市宝坻区{jurisdiction.name}测试路{n}号",
        "legal_representative": "王测试",
        "principal_name": "李测试",
        "contact_phone": "022-22001234",
        "classes": [{"name": "托小班", "class_type": ClassType.TODDLER, "seats": 15}],
    }
    fields.update(overrides)
    return register_institution(by=operator, **fields)


def add_member(institution: Institution, user: User) -> None:
    link_operator(institution=institution, user=user, by=user)
