"""The review page and its decisions, as the sub-district (街镇初审) and the commission (区卫健委) meet them
(issue 3 §5–7, §9)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from institutions.choices import FilingKind, FilingStatus, Section, Verdict
from institutions.filings import services as filings_services
from institutions.filings.services import (
    COMMENT_REQUIRED,
    FILING_CHANGED,
    REJECT_REASON_REQUIRED,
    RETURN_COMMENT_REQUIRED,
)
from institutions.filings.views.review import DECISION_UNREADABLE
from institutions.models import Document, Filing, SectionReview
from institutions.register import services as register_services
from tests.builders.accounts import make_user
from tests.builders.files import pdf_upload, png_upload
from tests.builders.filings import (
    correction,
    doc_type,
    make_accepted_filing,
    make_draft_filing,
    make_filed_filing,
    make_submitted_filing,
)
from tests.pages import assert_no_inline_code, messages_of, zh

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r"^宝卫托备〔\d{4}〕\d{4}$")


def status_of(filing: Filing) -> str:
    """The filing's status as stored now (the object is refreshed: its other fields are the stored ones too)."""
    filing.refresh_from_db()
    return filing.status


def decide(client, filing: Filing, action: str, version: int | None = None, **data):
    payload = {"action": action, "version": filing.version if version is None else version, **data}
    return client.post(reverse("supervision:filing_decide", args=[filing.pk]), payload)


# --- Review page --------------------------------------------------------------------------------


def test_review_page_shows_snapshot_findings_documents_and_history(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    assert filing.findings, "the bare test institution breaks some standards"
    client.force_login(official)
    response = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert institution.uscc in html
    for section in Section:
        assert f'id="section-{section.value}"' in html
    assert html.count('class="list-group-item finding"') == len(filing.findings)
    documents = Document.objects.filter(filing=filing)
    for document in documents:
        assert reverse("institutions:document_preview", args=[document.pk]) in html
        assert reverse("institutions:document_download", args=[document.pk]) in html
    assert "<iframe" in html
    assert len(response.context["events"]) == filing.events.count()
    assert response.context["can_review"] is True
    assert response.context["can_acknowledge"] is False
    assert 'name="version"' in html and f'value="{filing.version}"' in html


def test_review_page_shows_an_image_document_inline(client, official, operator, institution):
    filing = make_draft_filing(institution, operator)
    photo = filings_services.upload_document(
        filing=filing,
        document_type=doc_type("other"),
        upload=png_upload("photo.png"),
        by=operator,
    )
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    client.force_login(official)
    html = client.get(reverse("supervision:filing_review", args=[filing.pk])).content.decode()
    preview = reverse("institutions:document_preview", args=[photo.pk])
    assert f'<img class="img-fluid border document-preview" src="{preview}"' in html


def test_review_of_a_change_filing_shows_the_diff(client, official, commission, operator, institution):
    make_filed_filing(institution, operator, official, commission)
    institution.refresh_from_db()
    register_services.update_institution(institution=institution, by=operator, principal_name="新负责人")
    filing = make_submitted_filing(institution, operator, kind=FilingKind.CHANGE)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert response.context["change"]["changed"]
    html = response.content.decode()
    assert 'id="change-diff"' in html
    assert "新负责人" in html and "李测试" in html


def test_resubmission_shows_what_changed_since_the_return(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    filings_services.return_filing(
        filing=filing, by=official, version=filing.version, reviews=correction("premises", "楼层不符")
    )
    register_services.update_institution(institution=institution, by=operator, floor=2)
    new = filings_services.upload_document(
        filing=filing, document_type=doc_type("premises_proof"), upload=pdf_upload(), by=operator
    )
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert response.context["resubmitted"]
    html = response.content.decode()
    assert 'id="since-return"' in html
    premises = next(s for s in response.context["sections"] if s["key"] == Section.PREMISES)
    assert premises["since_return"]["facts"][0]["after"] == "2"
    assert premises["earlier"][0].comment == "楼层不符"
    assert [d.pk for d in response.context["new_documents"]] == [new.pk]
    assert f'href="#document-{new.pk}"' in html


# --- Decisions ----------------------------------------------------------------------------------


def test_official_accepts_and_the_commission_is_notified(client, official, commission, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    response = decide(client, filing, "accept", verdict_basic=Verdict.OK, verdict_staff=Verdict.OK)
    assert response.status_code == 302
    assert status_of(filing) == FilingStatus.ACCEPTED
    assert Notification.objects.filter(recipient=commission).count() == 1
    assert set(SectionReview.objects.filter(filing=filing).values_list("section", flat=True)) == {"basic", "staff"}
    assert any(institution.name in m for m in messages_of(response))


def test_return_without_a_comment_is_refused_and_nothing_changes(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)

    response = decide(client, filing, "return")
    assert response.status_code == 200
    assert zh(RETURN_COMMENT_REQUIRED) in response.content.decode()

    response = decide(client, filing, "return", verdict_staff=Verdict.CORRECT, comment_basic="无关")
    assert response.status_code == 200
    label = Section.STAFF.label
    with translation.override("zh-hans"):
        assert str(COMMENT_REQUIRED % {"section": label}) in response.content.decode()
    # What the reviewer typed is still there.
    assert "无关" in response.content.decode()
    assert status_of(filing) == FilingStatus.SUBMITTED
    assert not SectionReview.objects.filter(filing=filing).exists()


def test_return_with_comments_sends_the_filing_back(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    premises = doc_type("premises_proof")
    client.force_login(official)
    response = decide(
        client,
        filing,
        "return",
        verdict_staff=Verdict.CORRECT,
        comment_staff="保育人员不足",
        **{f"verdict_doc_{premises.pk}": Verdict.CORRECT, f"comment_doc_{premises.pk}": "租赁合同不足三年"},
        verdict_basic=Verdict.OK,
    )
    assert response.status_code == 302
    assert status_of(filing) == FilingStatus.RETURNED
    reviews = {(r.section, r.document_type_id): r for r in filing.section_reviews.all()}
    assert reviews[("staff", None)].comment == "保育人员不足"
    assert reviews[("", premises.pk)].verdict == Verdict.CORRECT
    assert reviews[("basic", None)].verdict == Verdict.OK


def test_reject_needs_reasons(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    response = decide(client, filing, "reject")
    assert zh(REJECT_REASON_REQUIRED) in response.content.decode()
    assert status_of(filing) == FilingStatus.SUBMITTED
    decide(client, filing, "reject", reason="场地位于地下室")
    assert status_of(filing) == FilingStatus.REJECTED
    assert filing.decision_reason == "场地位于地下室"


def test_accept_with_a_section_marked_for_correction_is_refused(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    response = decide(client, filing, "accept", verdict_staff=Verdict.CORRECT, comment_staff="缺保健人员")
    assert response.status_code == 200
    assert status_of(filing) == FilingStatus.SUBMITTED


def test_a_stale_decision_is_refused_and_the_first_one_stands(client, official, haibin, operator, institution):
    second_official = make_user(Role.OFFICIAL, jurisdiction=haibin)
    filing = make_submitted_filing(institution, operator)
    version_seen = filing.version
    client.force_login(official)
    assert decide(client, filing, "accept", version=version_seen).status_code == 302

    client.force_login(second_official)
    response = decide(client, filing, "return", version=version_seen, verdict_staff="correct", comment_staff="x")
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:filing_review", args=[filing.pk])
    assert zh(FILING_CHANGED % {"status": FilingStatus.ACCEPTED.label}) in messages_of(response)
    assert status_of(filing) == FilingStatus.ACCEPTED
    assert not SectionReview.objects.filter(filing=filing, by=second_official).exists()


@pytest.mark.parametrize(
    "payload",
    [{}, {"action": "explode", "version": "1"}, {"action": "accept", "version": "abc"}, {"action": "accept"}],
)
def test_unreadable_decisions_are_refused_without_an_error_page(client, official, operator, institution, payload):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    response = client.post(reverse("supervision:filing_decide", args=[filing.pk]), payload)
    assert response.status_code == 302
    assert zh(DECISION_UNREADABLE) in messages_of(response)
    assert status_of(filing) == FilingStatus.SUBMITTED


def test_decide_only_accepts_post(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    assert client.get(reverse("supervision:filing_decide", args=[filing.pk])).status_code == 405


def test_commission_acknowledges_and_the_receipt_number_is_shown(client, commission, official, operator, institution):
    filing = make_accepted_filing(institution, operator, official)
    client.force_login(commission)
    page = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert page.context["can_acknowledge"] is True
    response = decide(client, filing, "acknowledge")
    assert response["Location"] == reverse("supervision:filing_review", args=[filing.pk])
    assert status_of(filing) == FilingStatus.FILED
    assert RECEIPT.match(filing.receipt_number)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert filing.receipt_number in html
    assert reverse("institutions:filing_receipt", args=[filing.pk]) in html


def test_commission_rejects_with_reasons(client, commission, official, operator, institution):
    filing = make_accepted_filing(institution, operator, official)
    client.force_login(commission)
    decide(client, filing, "reject", reason="材料与实际不符")
    assert status_of(filing) == FilingStatus.REJECTED


def test_commission_cannot_take_the_officials_decision(client, commission, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(commission)
    page = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert page.context["form"] is None
    response = decide(client, filing, "acknowledge")
    assert response.status_code == 302
    assert zh(filings_services.FILING_NOT_YOURS) in messages_of(response)
    assert status_of(filing) == FilingStatus.SUBMITTED


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.DEPARTMENT, Role.ADMIN])
def test_other_roles_get_403_on_review_urls(client, users, operator, institution, role):
    filing = make_submitted_filing(institution, operator)
    client.force_login(users[role])
    assert client.get(reverse("supervision:filing_worklist")).status_code == 403
    assert client.get(reverse("supervision:filing_export")).status_code == 403
    assert client.get(reverse("supervision:filing_review", args=[filing.pk])).status_code == 403
    assert decide(client, filing, "accept").status_code == 403
    assert status_of(filing) == FilingStatus.SUBMITTED


def test_an_official_of_another_jurisdiction_gets_404(client, other_official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(other_official)
    assert client.get(reverse("supervision:filing_review", args=[filing.pk])).status_code == 404
    assert decide(client, filing, "accept").status_code == 404
    assert status_of(filing) == FilingStatus.SUBMITTED


def test_workbench_pages_carry_no_inline_script_or_style(client, official, commission, operator, institution):
    filing = make_submitted_filing(institution, operator)
    pages = [
        (official, reverse("supervision:filing_worklist")),
        (official, reverse("supervision:filing_review", args=[filing.pk])),
        (commission, reverse("supervision:holiday_list")),
    ]
    for user, url in pages:
        client.force_login(user)
        assert_no_inline_code(client.get(url).content.decode(), url)
