"""The register: an institution registered by its operator (a draft), one taken over from the existing register,
the staff the standards ask for."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from baodi_care.accounts.models import Jurisdiction, User
from institutions.choices import (
    DESIGNATION_FIELDS,
    Category,
    ClassType,
    Education,
    FireResistance,
    HouseUse,
    InstitutionStatus,
    LegalForm,
    MealsSource,
    Ownership,
    SponsorType,
    StaffRole,
)
from institutions.demo import make_id_number, make_uscc
from institutions.designations import services as designations_services
from institutions.models import Institution
from institutions.register import services as register_services
from tests.builders.accounts import commission_user

_serial = itertools.count(1)


def facts(place: Jurisdiction, **overrides) -> dict:
    """What a registration records: a fresh name and credit code, one toddler class of 15 seats."""
    n = next(_serial)
    return {
        "name": f"测试托育中心{n}",
        "uscc": make_uscc(LegalForm.FOR_PROFIT, 900000 + n),
        "legal_form": LegalForm.FOR_PROFIT,
        "ownership": Ownership.PRIVATE,
        "category": Category.INDEPENDENT,
        "jurisdiction": place,
        "address": f"天津市宝坻区{place.name}测试路{n}号",
        "legal_representative": "王测试",
        "principal_name": "李测试",
        "contact_phone": "022-22001234",
        "classes": [{"name": "托小班", "class_type": ClassType.TODDLER, "seats": 15}],
        **FILING_FORM_FACTS,
        "sponsor_id_number": make_uscc(LegalForm.FOR_PROFIT, 700000 + n),
        "registered_address": f"天津市宝坻区{place.name}测试路{n}号",
        **overrides,
    }


# The 备案书's other facts (举办者, registration, premises, service) as a complete registration gives them.
FILING_FORM_FACTS = {
    "sponsor_type": SponsorType.UNIT,
    "sponsor_name": "天津测试教育科技有限公司",
    "sponsor_contact": "13900001111",
    "registration_certificate_number": "JY11201150000001",
    "registration_authority_name": "天津市宝坻区市场监督管理局",
    "scope_names_childcare": True,
    "opening_hours": "周一至周五 7:30—17:30",
    "meals_source": MealsSource.COOKED_ON_SITE,
    "house_use": HouseUse.NON_RESIDENTIAL,
    "fire_resistance_rating": FireResistance.TWO,
    # premises are leased unless a test says otherwise (the model's default): the lease's start and lessor
    "lease_start_date": datetime.date(2026, 1, 1),
    "lessor": "天津测试置业有限公司",
}


def grant(institution: Institution, designation: str, *, by: User | None = None, basis: str = "宝卫健〔2026〕1号"):
    """The commission grants 普惠 or 示范 status on its own initiative (as its decision of yesterday)."""
    designations_services.change_designation(
        institution=institution, designation=designation, holds=True, by=by or commission_user(),
        decided_on=timezone.localdate() - datetime.timedelta(days=1), basis=basis,
    )  # fmt: skip
    institution.refresh_from_db()
    return institution


def _granting(institution: Institution, granted: dict) -> Institution:
    """Grant what a builder was asked for as `is_inclusive=True` / `is_demonstration=True` (the operator cannot)."""
    for designation, name in DESIGNATION_FIELDS.items():
        if granted.get(name):
            grant(institution, designation)
    return institution


def _designations(overrides: dict) -> dict:
    return {name: overrides.pop(name) for name in list(overrides) if name in DESIGNATION_FIELDS.values()}


def make_institution(*, operator: User, jurisdiction: Jurisdiction, **overrides) -> Institution:
    """An institution registered by `operator`: a draft, as registration leaves it (普惠/示范 asked for in
    `overrides` are granted by the commission afterwards)."""
    granted = _designations(overrides)
    institution = register_services.register_institution(by=operator, **facts(jurisdiction, **overrides))
    return _granting(institution, granted)


def make_imported_institution(
    jurisdiction: Jurisdiction, *, operator: User | None = None, status: str = InstitutionStatus.FILED, **overrides
) -> Institution:
    """Taken over by the commission from the existing register (登记和备案办法 Art. 6) in the status that register
    gives it (filed unless said otherwise), with no filing in the portal; run by `operator` if given."""
    by = overrides.pop("by", None) or commission_user()
    granted = _designations(overrides)
    institution, _created = register_services.import_institution(
        by=by, status=status, **facts(jurisdiction, **overrides)
    )
    _granting(institution, granted)
    if operator is not None:
        register_services.link_operator(institution=institution, user=operator, by=by, owner=True)
    return institution


def operator_of(institution: Institution) -> User:
    return institution.memberships.order_by("pk").first().user


def add_member(institution: Institution, user: User) -> None:
    register_services.link_operator(institution=institution, user=user, by=user)


# The staff make_staff_compliant records: the person in charge, three caregivers, a health worker, a guard.
STAFF_NAMES = ("李负责", "保育员0", "保育员1", "保育员2", "王保健", "赵保安")


def make_staff_compliant(institution: Institution) -> Institution:
    """Give the institution the staff and the lease the standards ask for (a toddler class of 15: 3 caregivers)."""
    operator = operator_of(institution)
    far = timezone.localdate() + datetime.timedelta(days=900)
    register_services.update_institution(
        institution=institution, by=operator, lessor="天津测试置业有限公司",
        lease_start_date=timezone.localdate() - datetime.timedelta(days=30),
        lease_end_date=timezone.localdate() + datetime.timedelta(days=365 * 5),
    )  # fmt: skip
    group = institution.classes.order_by("pk").first() or register_services.add_class(
        institution=institution, by=operator, name="托小班", class_type=ClassType.TODDLER, seats=15
    )
    certified = {"qualification_expiry": far, "health_certificate_expiry": far}
    principal, *caregivers, health, guard = STAFF_NAMES
    caregiver = {"role": StaffRole.CAREGIVER, "class_group": group, "qualification": "保育师证", **certified}
    staff = [
        {"name": principal, "role": StaffRole.PRINCIPAL, "education": Education.BACHELOR, "management_years": 5,
         "training_passed": True, "qualification": "负责人培训合格证", **certified},
        *({"name": name, **caregiver} for name in caregivers),
        {"name": health, "role": StaffRole.HEALTH, "qualification": "保健人员培训合格证",
         "health_certificate_expiry": far},
        {"name": guard, "role": StaffRole.SECURITY, "qualification": "保安员证", "health_certificate_expiry": far},
    ]  # fmt: skip
    for k, member in enumerate(staff):
        register_services.add_staff(
            institution=institution, by=operator, id_number=make_id_number(k + 1), no_criminal_record_declared=True,
            **member,
        )  # fmt: skip
    return institution


# A family point (家庭托育点) is run at home: its address is never published.
FAMILY_ADDRESS = "天津市宝坻区海滨街道幸福里小区7号楼2单元301室"


def make_family_point(*, operator: User, jurisdiction: Jurisdiction, **overrides) -> Institution:
    """A 家庭托育点 registered by `operator` (a draft) that keeps the rules of the 家庭托育点管理办法（试行）:
    5 children, 2 carers, its own home, a for-profit with 家庭托育服务 in its business scope, video
    surveillance over every area kept 90 days. Its 举办者 is in charge, with no 设置标准 training or
    degree (they are not a family point's rules), on the 6th floor (no floor rule either)."""
    spec = {
        "name": "幸福里家庭托育点",
        "category": Category.FAMILY,
        "address": FAMILY_ADDRESS,
        "provides_meals": False,
        "premises_tenure": "owned",
        "floor": 6,
        "family_scope_named": True,
        "family_cctv_full_coverage": True,
        "family_cctv_retention_days": 90,
        "classes": [{"name": "家庭托育班", "class_type": ClassType.MIXED, "seats": 5}],
        **overrides,
    }
    institution = make_institution(operator=operator, jurisdiction=jurisdiction, **spec)
    far = timezone.localdate() + datetime.timedelta(days=900)
    group = institution.classes.get()
    register_services.add_staff(
        institution=institution, by=operator, name="周举办", role=StaffRole.PRINCIPAL,
        education=Education.HIGH_SCHOOL, health_certificate_expiry=far,
    )  # fmt: skip
    for name in ("周照护", "吴照护"):
        register_services.add_staff(
            institution=institution, by=operator, name=name, role=StaffRole.CAREGIVER, class_group=group,
            health_certificate_expiry=far,
        )  # fmt: skip
    return institution


def make_unfiled_registration(jurisdiction: Jurisdiction, *, scope: str = "托育服务；婴幼儿照护服务", **overrides):
    """An institution that a registration list gives with `scope` as its business scope and no filing date: the
    commission's register import (登记和备案办法 Art. 6) creates it as a draft, incomplete, with its Registration."""
    import csv
    import io

    from institutions.imports.services import run_import

    by = overrides.pop("by", None) or commission_user()
    n = next(_serial)
    uscc = overrides.pop("uscc", make_uscc(LegalForm.FOR_PROFIT, 950000 + n))
    name = overrides.pop("name", f"登记未备案托育{n}")
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            ["企业名称", "统一社会信用代码", "所属街道（镇）", "住所", "经营范围", "成立日期"],
            [name, uscc, jurisdiction.name, f"{jurisdiction.name}某路{n}号", scope, "2024年3月1日"],
        ]
    )
    run_import(data=buffer.getvalue().encode("utf-8-sig"), file_name="registrations.csv", by=by)
    return Institution.objects.get(uscc=uscc)
