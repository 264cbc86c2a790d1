"""The Chinese a government user expects (issue 12, part 8): the official terms on the pages, the district names of
the 联席会议's 15 member units (宝坻区实施方案 四(五)3), and one term for each thing across the catalogue."""

from __future__ import annotations

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from baodi_care.accounts.choices import MemberDepartment, Role
from institutions.choices import StaffRole, Verdict
from supervision.choices import InspectionMode
from tests.builders.register import make_staff_compliant
from tests.test_site import PO

# The member units as the Baodi plan lists them (四(五)3); the plan's 区消防支队 is today's 区消防救援支队.
PLAN_MEMBER_UNITS = [
    "区委编办", "区发展改革委", "区教育局", "公安宝坻分局", "区民政局", "区财政局", "区人力社保局",
    "区规划和自然资源局", "区住建委", "区应急局", "区市场监管局", "区政务服务办",
    "区税务局", "区金融局", "区消防救援支队",
]  # fmt: skip


def zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def test_the_department_list_holds_the_15_member_units_of_the_plan_by_their_district_names():
    units = [zh(label) for value, label in MemberDepartment.choices if value != MemberDepartment.HEALTH]
    assert units == PLAN_MEMBER_UNITS
    # The 联席会议 office sits at the district health commission, which also takes part in joint inspections.
    assert zh(MemberDepartment.HEALTH.label) == "区卫生健康委"


@pytest.mark.parametrize(
    ("label", "term"),
    [
        (Role.OPERATOR.label, "托育机构"),
        (Verdict.OK.label, "符合要求"),
        (StaffRole.SECURITY.label, "保安人员"),
        (InspectionMode.UNANNOUNCED.label, "暗访/突击检查"),
    ],
)
def test_choices_carry_the_official_terms(label, term):
    assert zh(label) == term


def test_field_labels_carry_the_official_terms():
    from institutions.models import Filing, Institution, StaffMember

    assert zh(Institution._meta.get_field("legal_form").verbose_name) == "机构性质（登记类型）"
    assert zh(Institution._meta.get_field("premises_tenure").verbose_name) == "场地权属"
    assert zh(StaffMember._meta.get_field("health_certificate_expiry").verbose_name) == "健康合格证明有效期至"
    assert zh(Filing._meta.get_field("receipt_number").verbose_name) == "备案回执编号"


def test_the_sign_in_page_says_user_login(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "<title>用户登录 ·" in page
    assert '<h1 class="h4 mb-3">用户登录</h1>' in page


def test_the_institution_page_says_premises_ownership_and_health_certificate(client, operator, institution):
    make_staff_compliant(institution)
    client.force_login(operator)
    page = client.get(institution.get_absolute_url()).content.decode()
    assert "健康合格证明" in page
    assert "机构性质（登记类型）" in page
    assert "场地权属" in page


def test_the_complaint_triage_is_called_yanpan_fenban():
    catalogue = {e.msgid: e.msgstr for e in polib.pofile(str(PO))}
    assert catalogue["Triage"] == "研判分办"
    assert catalogue["to triage"] == "待研判分办"


# Variants replaced by one term each: none is left in the catalogue.
RETIRED = {
    "机构举办者": "托育机构 (the operator role; 举办者 is the 备案书's sponsor)",
    "意外事件": "安全事件 (incidents)",
    "突发事件": "安全事件 (incidents)",
    "已过时": "已过期 (stale)",
    "分级": "研判分办 (triage)",
    "无问题": "符合要求 (fine)",
    "法人类型": "机构性质（登记类型）",
    "场地性质": "场地权属",
    "随机（不打招呼）": "暗访/突击检查",
}


def test_no_retired_variant_is_left_in_the_catalogue():
    left = []
    for entry in polib.pofile(str(PO)):
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        left += [(entry.msgid, word) for word in RETIRED for text in texts if word in text]
    assert not left, left


def test_health_certificates_are_health_qualification_certificates_everywhere():
    for entry in polib.pofile(str(PO)):
        if "health certificate" in entry.msgid.lower():
            assert "健康合格证明" in entry.msgstr, entry.msgid
