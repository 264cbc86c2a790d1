"""家庭托育点 on their own path (家庭托育点管理办法（试行）, 国卫人口发〔2023〕28号; issue 12 part 3): their own 备案书,
承诺书 and 回执 (no 告知书), their own documents, the rules that apply and those that do not."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import translation

from institutions.choices import Category, DocumentScope, InstitutionStatus, LegalForm
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.filings.services import FILING_DOCUMENTS_MISSING, FILING_PLEDGE_CHANGED
from institutions.models import DocumentType, Filing
from institutions.register import services as register_services
from institutions.register.forms import InstitutionForm
from tests.builders.filings import make_draft_filing, make_filed_filing, make_submitted_filing
from tests.builders.register import make_family_point
from tests.pages import zh

pytestmark = pytest.mark.django_db

FAMILY_DOCUMENTS = {
    "family_owners_consent",
    "family_home_title",
    "family_carer_health",
    "family_carer_declaration",
    "family_fire_safety",
}
INSTITUTION_DOCUMENTS = {"premises_proof", "staff_certificates", "health_evaluation", "fire_safety"}
SEED = importlib.import_module("institutions.migrations.0012_seed_family_document_types")


@pytest.fixture
def family_point(operator, haibin):
    return make_family_point(operator=operator, jurisdiction=haibin)


def codes(types) -> set[str]:
    return {t.code for t in types}


# --- Documents by category -----------------------------------------------------------------------------


def test_a_family_point_files_its_own_documents(family_point, operator):
    filing = filings_services.start_filing(institution=family_point, kind="initial", by=operator)
    required = codes(filings_selectors.required_document_types(filing))
    assert required == FAMILY_DOCUMENTS | {"business_license"}
    # Neither the general premises and staff proofs nor the 卫生评价报告 and 消防 certificate of a 托育机构.
    assert not required & INSTITUTION_DOCUMENTS
    # The upload list offers a family point only the types that are its own or common.
    assert not codes(filings_selectors.document_types_for(filing)) & INSTITUTION_DOCUMENTS


def test_an_institution_files_none_of_the_family_points_documents(institution, operator):
    filing = filings_services.start_filing(institution=institution, kind="initial", by=operator)
    required = codes(filings_selectors.required_document_types(filing))
    assert INSTITUTION_DOCUMENTS | {"business_license"} <= required
    assert not required & FAMILY_DOCUMENTS
    assert not codes(filings_selectors.document_types_for(filing)) & FAMILY_DOCUMENTS


def test_a_family_point_serving_meals_adds_the_food_licence(operator, haibin):
    point = make_family_point(operator=operator, jurisdiction=haibin, provides_meals=True)
    filing = filings_services.start_filing(institution=point, kind="initial", by=operator)
    assert "food_license" in codes(filings_selectors.required_document_types(filing))


def test_the_family_document_types_name_what_the_rules_ask_for():
    names = {t.code: t.name for t in DocumentType.objects.filter(applies_to=DocumentScope.FAMILY)}
    assert set(names) == FAMILY_DOCUMENTS
    assert "其他业主一致同意" in names["family_owners_consent"]
    assert "租赁期不少于3年" in names["family_home_title"]
    assert "健康合格证明" in names["family_carer_health"]
    for phrase in ("性侵害", "虐待", "暴力伤害", "精神病史"):
        assert phrase in names["family_carer_declaration"]
    assert "疏散" in names["family_fire_safety"]


def test_a_family_filing_without_the_owners_consent_is_refused(family_point, operator, refused_submission):
    filing = make_draft_filing(family_point, operator, skip_documents=("family_owners_consent",))
    consent = DocumentType.objects.get(code="family_owners_consent")
    assert refused_submission(filing, operator) == [zh(FILING_DOCUMENTS_MISSING, types=consent)]


def test_the_document_seed_can_be_reversed_and_applied_again():
    SEED.unseed(django_apps, None)
    assert not DocumentType.objects.filter(code__in=FAMILY_DOCUMENTS).exists()
    assert DocumentType.objects.get(code="premises_proof").applies_to == DocumentScope.ALL
    SEED.seed(django_apps, None)
    SEED.seed(django_apps, None)  # idempotent
    assert DocumentType.objects.filter(code__in=FAMILY_DOCUMENTS).count() == len(FAMILY_DOCUMENTS)
    assert DocumentType.objects.get(code="premises_proof").applies_to == DocumentScope.INSTITUTIONS


# --- Their own 备案书 and 承诺书 --------------------------------------------------------------------------


def test_a_family_point_accepts_its_own_pledge(family_point, institution, operator):
    family_filing = make_draft_filing(family_point, operator)
    with translation.override("zh-hans"):
        assert family_filing.pledge_text == str(filings_services.FAMILY_PLEDGE_TEXT)
    assert "家庭托育点" in family_filing.pledge_text
    assert "5" in family_filing.pledge_text and "90" in family_filing.pledge_text
    assert "15" not in family_filing.pledge_text  # a change is filed 及时; the texts set no number of days
    other = make_draft_filing(institution, operator)
    with translation.override("zh-hans"):
        assert other.pledge_text == str(filings_services.PLEDGE_TEXT)


def test_a_pledge_accepted_before_the_category_changed_is_asked_again(institution, operator, refused_submission):
    filing = make_draft_filing(institution, operator)
    register_services.update_institution(institution=institution, by=operator, category=Category.FAMILY)
    filing = Filing.objects.get(pk=filing.pk)
    messages = refused_submission(filing, operator)
    assert zh(FILING_PLEDGE_CHANGED) in messages


def test_the_family_filing_form_shows_its_own_form_pledge_and_rules(client, family_point, operator):
    filing = make_draft_filing(family_point, operator)
    client.force_login(operator)
    html = client.get(reverse("institutions:filing_edit", args=[filing.pk])).content.decode()
    assert "家庭托育点备案书" in html
    assert "家庭托育点备案承诺书" in html
    with translation.override("zh-hans"):
        assert str(filings_services.FAMILY_PLEDGE_TEXT) in html
    assert 'id="family-point-note"' in html
    for code in FAMILY_DOCUMENTS:
        assert f'id="slot-{code}"' in html
    assert 'id="slot-premises_proof"' not in html


def test_the_institution_form_asks_family_points_only_for_their_facts(family_point, institution, operator):
    family_form = InstitutionForm(instance=family_point, user=operator)
    assert {"family_scope_named", "family_cctv_full_coverage", "family_cctv_retention_days"} <= set(family_form.fields)
    assert "family" in [key for key, _title, _fields in family_form.sections()]
    other = InstitutionForm(instance=institution, user=operator)
    assert not {"family_scope_named", "family_cctv_full_coverage"} & set(other.fields)
    assert "family" not in [key for key, _title, _fields in other.sections()]


# --- The rules that apply, and those that do not ----------------------------------------------------------


def test_a_family_point_keeping_its_rules_is_submitted_with_no_findings(family_point, operator):
    """On the 6th floor, with an 举办者 who has neither a degree nor the 负责人 training: no finding (no floor rule,
    no 负责人-training rule for a family point)."""
    filing = make_submitted_filing(family_point, operator)
    assert filing.findings == []
    assert filing.snapshot["institution"]["family_cctv_retention_days"] == 90


def test_an_institution_on_the_6th_floor_still_has_the_floor_finding(compliant, operator):
    register_services.update_institution(institution=compliant, by=operator, floor=6)
    assert [f["rule"] for f in make_submitted_filing(compliant, operator).findings] == ["premises_floor"]


def test_a_family_point_breaking_its_rules_carries_the_findings(operator, haibin):
    point = make_family_point(
        operator=operator,
        jurisdiction=haibin,
        legal_form=LegalForm.SOCIAL_SERVICE,
        family_scope_named=False,
        family_cctv_full_coverage=False,
        family_cctv_retention_days=30,
        classes=[{"name": "家庭托育班", "class_type": "mixed", "seats": 7}],
    )
    rules = [f["rule"] for f in make_submitted_filing(point, operator).findings]
    assert rules == [
        "family_size",
        "family_ratio",
        "family_legal_form",
        "family_scope",
        "family_cctv",
        "family_cctv_retention",
    ]


def test_an_institutions_snapshot_carries_no_family_facts(compliant, operator):
    facts = make_submitted_filing(compliant, operator).snapshot["institution"]
    assert "family_cctv_full_coverage" not in facts


# --- Their own 回执, with no 告知书 ----------------------------------------------------------------------


def test_the_family_receipt_is_its_own_form_with_no_notice(client, family_point, operator, official, commission):
    filing = make_filed_filing(family_point, operator, official, commission)
    family_point.refresh_from_db()
    assert family_point.status == InstitutionStatus.FILED
    for user in (operator, official, commission):
        client.force_login(user)
        response = client.get(reverse("institutions:filing_receipt", args=[filing.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "家庭托育点备案回执" in html
        assert filing.receipt_number in html and family_point.name in html
        assert 'data-receipt="family"' in html
        assert 'id="basic-conditions"' not in html
        assert "基本条件告知书" not in html
        assert '<td id="receipt-seats">5</td>' in html and '<td id="receipt-carers">2</td>' in html


def test_an_institutions_receipt_keeps_the_notice(client, compliant, operator, official, commission):
    filing = make_filed_filing(compliant, operator, official, commission)
    client.force_login(operator)
    html = client.get(reverse("institutions:filing_receipt", args=[filing.pk])).content.decode()
    assert 'id="basic-conditions"' in html
    assert "家庭托育点备案回执" not in html


def test_the_reviewer_sees_the_family_points_facts_and_findings(client, operator, official, haibin):
    point = make_family_point(operator=operator, jurisdiction=haibin, family_cctv_retention_days=30)
    filing = make_submitted_filing(point, operator)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "视频安防监控覆盖婴幼儿生活和活动区域（家庭托育点）" in html
    assert "经营范围明确“家庭托育服务”（家庭托育点）" in html
    with translation.override("zh-hans"):
        assert "家庭托育点监控录像资料保存期不少于90日；填报为30日。" in html
