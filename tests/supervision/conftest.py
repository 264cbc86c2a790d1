import pytest

from institutions.choices import Category, ClassType, InstitutionStatus
from tests.builders.filings import file_institution, make_filed_institution
from tests.builders.register import FAMILY_ADDRESS, make_imported_institution, make_institution, make_staff_compliant


@pytest.fixture
def filed(operator, haibin):
    """The operator's institution on the register in 海滨街道 (the official's jurisdiction), taken over as filed."""
    return make_imported_institution(haibin, operator=operator, name="海滨监督托育中心")


@pytest.fixture
def other_filed(other_operator, baoping):
    """Another operator's institution on the register, in 宝平街道."""
    return make_imported_institution(baoping, operator=other_operator, name="宝平监督托育中心")


@pytest.fixture
def filed_institution(institution, operator, official, commission):
    """The operator's institution in 海滨 (`official`'s jurisdiction), filed through its initial filing."""
    return file_institution(institution, operator)


@pytest.fixture
def public_register(operator, haibin, baoping):
    """What the public register and the open data hold, or must leave out: institutions filed in the portal (an
    inclusive one with half-day care, a family point at home), one taken over from the register, and a draft, a
    suspended and a closed institution."""
    mixed = [{"name": "混龄班", "class_type": ClassType.MIXED, "seats": 5}]
    family = {"category": Category.FAMILY, "address": FAMILY_ADDRESS, "classes": mixed}
    return {
        "inclusive": make_filed_institution(
            operator, haibin, name="海滨普惠托育园", is_inclusive=True, offers_half_day=True
        ),
        "family": make_filed_institution(operator, haibin, name="海滨小太阳家庭托育点", **family),
        "imported": make_imported_institution(baoping, name="宝平导入托育园"),
        "draft": make_institution(operator=operator, jurisdiction=haibin, name="海滨未备案托育园"),
        "suspended": make_imported_institution(haibin, status=InstitutionStatus.SUSPENDED, name="海滨暂停托育园"),
        "closed": make_imported_institution(haibin, status=InstitutionStatus.CLOSED, name="海滨已注销托育园"),
    }


@pytest.fixture
def staffed(operator, haibin):
    """An institution with its whole staff on record (STAFF_NAMES), filed: none of them may be published."""
    institution = make_institution(operator=operator, jurisdiction=haibin, name="全员托育园")
    return file_institution(make_staff_compliant(institution), operator)
