"""The filing workflow through its services: transitions, submission rules, change and deregistration
filings, receipt numbers, resubmission, history and notifications (DESIGN §2 Filing; issue 3 §2, §6–10)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from institutions.choices import FILING_TRANSITIONS, FilingAction, FilingKind, FilingStatus, InstitutionStatus, Section
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.filings import snapshots
from institutions.filings.services import (
    ACCEPT_WITH_CORRECTIONS,
    COMMENT_REQUIRED,
    FILING_ALREADY_OPEN,
    FILING_CHANGE_UNCHANGED,
    FILING_DOCUMENTS_MISSING,
    FILING_FIELDS_MISSING,
    FILING_ILLEGAL_TRANSITION,
    FILING_KIND_NOT_ALLOWED,
    FILING_NOT_YOURS,
    FILING_PLEDGE_REQUIRED,
    REJECT_REASON_REQUIRED,
    RETURN_COMMENT_REQUIRED,
    StaleFilingError,
    TransitionError,
)
from institutions.models import Document, Filing
from institutions.register import services as register_services
from tests import factories
from tests.filing_helpers import (
    correction,
    doc_type,
    make_accepted_filing,
    make_draft_filing,
    make_filed_filing,
    make_submitted_filing,
    pdf_upload,
    png_bytes,
    staff_compliant_institution,
)

pytestmark = pytest.mark.django_db

# DESIGN §2 workflow: draft → submitted → 街镇初审 (accept, or return for correction) → 区卫健委
# acknowledgement → filed; or rejected with reasons (at first review or by the commission).
WORKFLOW = {
    (FilingStatus.DRAFT, FilingAction.SUBMIT): FilingStatus.SUBMITTED,
    (FilingStatus.RETURNED, FilingAction.SUBMIT): FilingStatus.SUBMITTED,
    (FilingStatus.SUBMITTED, FilingAction.RETURN): FilingStatus.RETURNED,
    (FilingStatus.SUBMITTED, FilingAction.ACCEPT): FilingStatus.ACCEPTED,
    (FilingStatus.SUBMITTED, FilingAction.REJECT): FilingStatus.REJECTED,
    (FilingStatus.ACCEPTED, FilingAction.ACKNOWLEDGE): FilingStatus.FILED,
    (FilingStatus.ACCEPTED, FilingAction.REJECT): FilingStatus.REJECTED,
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads of these tests land in a temporary directory, not in the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def compliant(institution):
    return staff_compliant_institution(institution)


def illegal(status: str, action: str) -> str:
    return str(FILING_ILLEGAL_TRANSITION % {"status": FilingStatus(status).label, "action": FilingAction(action).label})


def in_status(status: str, institution, operator, official, commission) -> Filing:
    """A filing brought to `status` through the services."""
    if status == FilingStatus.DRAFT:
        return make_draft_filing(institution, operator)
    if status == FilingStatus.SUBMITTED:
        return make_submitted_filing(institution, operator)
    if status == FilingStatus.RETURNED:
        filing = make_submitted_filing(institution, operator)
        return filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    if status == FilingStatus.ACCEPTED:
        return make_accepted_filing(institution, operator, official)
    if status == FilingStatus.FILED:
        return make_filed_filing(institution, operator, official, commission)
    if status == FilingStatus.REJECTED:
        filing = make_submitted_filing(institution, operator)
        return filings_services.reject_filing(filing=filing, by=official, version=filing.version, reason="材料虚假")
    raise AssertionError(status)


def perform(action: str, filing: Filing, by) -> Filing:
    """Take `action` on the filing as `by`, with the version the actor's page carries."""
    version = filing.version
    if action == FilingAction.SUBMIT:
        return filings_services.submit_filing(filing=filing, by=by, version=version)
    if action == FilingAction.RETURN:
        return filings_services.return_filing(filing=filing, by=by, version=version, reviews=correction())
    if action == FilingAction.ACCEPT:
        return filings_services.accept_filing(filing=filing, by=by, version=version)
    if action == FilingAction.REJECT:
        return filings_services.reject_filing(filing=filing, by=by, version=version, reason="不符合设置标准")
    if action == FilingAction.ACKNOWLEDGE:
        return filings_services.acknowledge_filing(filing=filing, by=by, version=version)
    raise AssertionError(action)


# --- Transitions ------------------------------------------------------------------------------


def test_the_transition_table_is_exactly_the_designed_workflow():
    assert FILING_TRANSITIONS == WORKFLOW


ACTOR = {
    FilingAction.SUBMIT: Role.OPERATOR,
    FilingAction.RETURN: Role.OFFICIAL,
    FilingAction.ACCEPT: Role.OFFICIAL,
    FilingAction.ACKNOWLEDGE: Role.COMMISSION,
}


@pytest.mark.parametrize(("status", "action"), list(WORKFLOW), ids=lambda v: str(v))
def test_each_allowed_transition_moves_the_filing_and_records_the_step(
    status, action, compliant, operator, official, commission
):
    filing = in_status(status, compliant, operator, official, commission)
    # 街镇 rejects at first review; the commission rejects after it.
    role = ACTOR.get(action) or (Role.OFFICIAL if status == FilingStatus.SUBMITTED else Role.COMMISSION)
    actor = {Role.OPERATOR: operator, Role.OFFICIAL: official, Role.COMMISSION: commission}[role]
    version = filing.version

    perform(action, filing, actor)

    stored = Filing.objects.get(pk=filing.pk)
    assert stored.status == WORKFLOW[(status, action)]
    assert stored.version == version + 1
    event = stored.events.filter(action=action).last()
    assert (event.from_status, event.to_status, event.by) == (status, WORKFLOW[(status, action)], actor)


FORBIDDEN = [
    # (state, who, action, expected message kind)
    pytest.param(FilingStatus.SUBMITTED, "commission", FilingAction.ACKNOWLEDGE, "illegal", id="acknowledge-submitted"),
    pytest.param(FilingStatus.DRAFT, "official", FilingAction.ACCEPT, "illegal", id="accept-draft"),
    pytest.param(FilingStatus.DRAFT, "official", FilingAction.RETURN, "illegal", id="return-draft"),
    pytest.param(FilingStatus.FILED, "operator", FilingAction.SUBMIT, "illegal", id="submit-filed"),
    pytest.param(FilingStatus.SUBMITTED, "operator", FilingAction.SUBMIT, "illegal", id="submit-twice"),
    pytest.param(FilingStatus.ACCEPTED, "official", FilingAction.RETURN, "illegal", id="return-accepted"),
    pytest.param(FilingStatus.ACCEPTED, "official", FilingAction.ACCEPT, "illegal", id="accept-twice"),
    pytest.param(FilingStatus.FILED, "commission", FilingAction.ACKNOWLEDGE, "illegal", id="acknowledge-twice"),
    pytest.param(FilingStatus.FILED, "commission", FilingAction.REJECT, "illegal", id="reject-filed"),
    pytest.param(FilingStatus.REJECTED, "official", FilingAction.ACCEPT, "illegal", id="accept-rejected"),
    pytest.param(FilingStatus.RETURNED, "official", FilingAction.ACCEPT, "illegal", id="accept-returned"),
    pytest.param(FilingStatus.SUBMITTED, "other_official", FilingAction.ACCEPT, "not_yours", id="other-jur-accept"),
    pytest.param(FilingStatus.SUBMITTED, "other_official", FilingAction.RETURN, "not_yours", id="other-jur-return"),
    pytest.param(FilingStatus.SUBMITTED, "other_official", FilingAction.REJECT, "not_yours", id="other-jur-reject"),
    pytest.param(FilingStatus.SUBMITTED, "operator", FilingAction.ACCEPT, "not_yours", id="operator-accepts"),
    pytest.param(FilingStatus.SUBMITTED, "operator", FilingAction.REJECT, "not_yours", id="operator-rejects"),
    pytest.param(FilingStatus.SUBMITTED, "commission", FilingAction.ACCEPT, "not_yours", id="commission-first-review"),
    pytest.param(FilingStatus.ACCEPTED, "official", FilingAction.ACKNOWLEDGE, "not_yours", id="official-acknowledges"),
    pytest.param(FilingStatus.ACCEPTED, "operator", FilingAction.ACKNOWLEDGE, "not_yours", id="operator-acknowledges"),
    pytest.param(FilingStatus.DRAFT, "other_operator", FilingAction.SUBMIT, "not_yours", id="stranger-submits"),
    pytest.param(FilingStatus.SUBMITTED, "department", FilingAction.REJECT, "not_yours", id="department-rejects"),
]


@pytest.mark.parametrize(("status", "who", "action", "kind"), FORBIDDEN)
def test_forbidden_transitions_are_refused_with_a_clear_message(
    status, who, action, kind, request, compliant, operator, official, commission
):
    filing = in_status(status, compliant, operator, official, commission)
    before = Filing.objects.get(pk=filing.pk)
    actor = request.getfixturevalue(who)

    with pytest.raises(TransitionError) as exc:
        perform(action, filing, actor)

    expected = illegal(status, action) if kind == "illegal" else str(FILING_NOT_YOURS)
    assert exc.value.messages == [expected]
    after = Filing.objects.get(pk=filing.pk)
    assert (after.status, after.version) == (before.status, before.version)
    assert not after.events.filter(action=action, from_status=status).exists()


def test_acknowledging_twice_from_the_same_page_is_told_the_filing_changed(compliant, operator, official, commission):
    filing = make_accepted_filing(compliant, operator, official)
    page_version = filing.version
    filings_services.acknowledge_filing(filing=filing, by=commission, version=page_version)
    number = filing.receipt_number

    fresh = Filing.objects.get(pk=filing.pk)
    with pytest.raises(StaleFilingError) as exc:
        filings_services.acknowledge_filing(filing=fresh, by=commission, version=page_version)

    assert exc.value.messages == [str(filings_services.FILING_CHANGED % {"status": FilingStatus.FILED.label})]
    assert Filing.objects.get(pk=filing.pk).receipt_number == number


def test_a_return_needs_a_section_marked_for_correction_and_each_such_mark_a_comment(compliant, operator, official):
    filing = make_submitted_filing(compliant, operator)

    with pytest.raises(TransitionError) as exc:
        filings_services.return_filing(
            filing=filing, by=official, version=filing.version, reviews=[{"section": "basic", "verdict": "ok"}]
        )
    assert exc.value.messages == [str(RETURN_COMMENT_REQUIRED)]

    with pytest.raises(TransitionError) as exc:
        filings_services.return_filing(
            filing=filing, by=official, version=filing.version, reviews=correction(comment="  ")
        )
    assert exc.value.messages == [str(COMMENT_REQUIRED % {"section": Section.STAFF.label})]

    # Nothing was half-done: the filing (in memory and stored) is still submitted and can be returned properly.
    assert filing.status == FilingStatus.SUBMITTED
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED
    assert not filing.section_reviews.exists()
    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    review = filing.section_reviews.get()
    assert (review.section, review.verdict, review.round, review.by) == ("staff", "correct", 1, official)


@pytest.mark.parametrize("comment", ["保育人员健康证已过期", ""])
def test_an_acceptance_with_a_section_marked_for_correction_is_refused_by_the_service(
    comment, compliant, operator, official
):
    """The decision form refuses it too; the service must not rely on that (issue 8)."""
    filing = make_submitted_filing(compliant, operator)
    with pytest.raises(TransitionError) as exc:
        filings_services.accept_filing(
            filing=filing, by=official, version=filing.version, reviews=correction(comment=comment)
        )
    assert exc.value.messages == [str(ACCEPT_WITH_CORRECTIONS)]
    stored = Filing.objects.get(pk=filing.pk)
    assert (stored.status, stored.version) == (FilingStatus.SUBMITTED, filing.version)
    assert not stored.section_reviews.exists()
    # Sections marked fine, with or without a comment, go with the acceptance.
    filings_services.accept_filing(
        filing=filing,
        by=official,
        version=filing.version,
        reviews=[{"section": "basic", "verdict": "ok", "comment": ""}, {"section": "staff", "verdict": "ok"}],
    )
    assert filing.status == FilingStatus.ACCEPTED
    assert filing.section_reviews.count() == 2


def test_a_rejection_needs_reasons(compliant, operator, official):
    filing = make_submitted_filing(compliant, operator)
    with pytest.raises(TransitionError) as exc:
        filings_services.reject_filing(filing=filing, by=official, version=filing.version, reason="   ")
    assert exc.value.messages == [str(REJECT_REASON_REQUIRED)]
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED


# --- Starting filings ---------------------------------------------------------------------------


def kind_refused(kind: str, status: str) -> str:
    return str(FILING_KIND_NOT_ALLOWED % {"kind": FilingKind(kind).label, "status": InstitutionStatus(status).label})


def test_an_initial_filing_starts_only_while_the_institution_is_a_draft(compliant, operator, official, commission):
    filing = filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    assert (filing.status, filing.kind, filing.created_by) == (FilingStatus.DRAFT, FilingKind.INITIAL, operator)
    filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=True, applicant_name="王举办", applicant_phone="13800000000",
        service_start_date=timezone.localdate(),
    )  # fmt: skip
    for t in filings_selectors.required_document_types(filing):
        filings_services.upload_document(filing=filing, document_type=t, upload=pdf_upload(), by=operator)
    filing = filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filing = filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)
    compliant.refresh_from_db()
    assert compliant.status == InstitutionStatus.FILED

    with pytest.raises(TransitionError) as exc:
        filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    assert exc.value.messages == [kind_refused(FilingKind.INITIAL, InstitutionStatus.FILED)]


@pytest.mark.parametrize("kind", [FilingKind.CHANGE, FilingKind.DEREGISTRATION])
def test_change_and_deregistration_need_a_filed_institution(kind, institution, operator):
    with pytest.raises(TransitionError) as exc:
        filings_services.start_filing(institution=institution, kind=kind, by=operator)
    assert exc.value.messages == [kind_refused(kind, InstitutionStatus.DRAFT)]
    assert not institution.filings.exists()


@pytest.mark.parametrize("kind", [FilingKind.CHANGE, FilingKind.DEREGISTRATION])
def test_change_and_deregistration_start_once_filed(kind, compliant, operator, official, commission):
    make_filed_filing(compliant, operator, official, commission)
    filing = filings_services.start_filing(institution=compliant, kind=kind, by=operator)
    assert (filing.status, filing.kind) == (FilingStatus.DRAFT, kind)


def test_only_one_open_filing_per_institution(compliant, operator, official):
    first = make_submitted_filing(compliant, operator)
    with pytest.raises(TransitionError) as exc:
        filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    assert exc.value.messages == [str(FILING_ALREADY_OPEN)]

    filings_services.reject_filing(filing=first, by=official, version=first.version, reason="材料不全")
    second = filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    assert second.status == FilingStatus.DRAFT


def test_only_a_member_operator_may_start_a_filing(institution, other_operator, official):
    for user in (other_operator, official):
        with pytest.raises(PermissionDenied):
            filings_services.start_filing(institution=institution, kind=FilingKind.INITIAL, by=user)


# --- What a submission needs ---------------------------------------------------------------------


def draft(institution, operator, *, pledge=True, skip_docs=(), **fields):
    filing = filings_services.start_filing(institution=institution, kind=FilingKind.INITIAL, by=operator)
    values = {"applicant_name": "王举办", "applicant_phone": "13800000000", "service_start_date": timezone.localdate()}
    values.update(fields)
    filings_services.update_filing(filing=filing, by=operator, pledge_accepted=pledge, **values)
    for t in filings_selectors.required_document_types(filing):
        if t.code not in skip_docs:
            filings_services.upload_document(filing=filing, document_type=t, upload=pdf_upload(), by=operator)
    return filing


def refused_submission(filing, operator) -> list[str]:
    with pytest.raises(TransitionError) as exc:
        filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.DRAFT
    return exc.value.messages


def test_submission_needs_the_pledge(compliant, operator):
    filing = draft(compliant, operator, pledge=False)
    assert filing.pledge_text == ""
    assert refused_submission(filing, operator) == [str(FILING_PLEDGE_REQUIRED)]


def test_accepting_the_pledge_stores_its_text(compliant, operator):
    filing = draft(compliant, operator)
    assert filing.pledge_accepted
    assert "15" in filing.pledge_text  # the pledge names the 15-day limit for change filings (DESIGN §2)


def test_submission_needs_the_filing_form_fields(compliant, operator):
    filing = draft(compliant, operator, applicant_phone="", service_start_date=None)
    labels = [str(Filing._meta.get_field(f).verbose_name) for f in ("applicant_phone", "service_start_date")]
    assert refused_submission(filing, operator) == [str(FILING_FIELDS_MISSING % {"fields": "、".join(labels)})]


def test_submission_needs_every_required_document(compliant, operator):
    filing = draft(compliant, operator, skip_docs={"fire_safety", "premises_proof"})
    [message] = refused_submission(filing, operator)
    assert message.startswith(str(FILING_DOCUMENTS_MISSING).split("%")[0])
    assert str(doc_type("fire_safety")) in message
    assert str(doc_type("premises_proof")) in message
    assert str(doc_type("business_license")) not in message


def test_the_initial_filing_requires_the_documents_of_design_section_2(compliant, operator):
    filing = filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    codes = {t.code for t in filings_selectors.required_document_types(filing)}
    assert codes == {
        "business_license", "premises_proof", "staff_certificates", "health_evaluation", "fire_safety", "food_license",
    }  # fmt: skip


def test_the_food_licence_is_required_when_meals_are_served(compliant, operator):
    assert compliant.provides_meals
    filing = draft(compliant, operator, skip_docs={"food_license"})
    [message] = refused_submission(filing, operator)
    assert str(doc_type("food_license")) in message


def test_the_food_licence_is_not_required_without_meals(compliant, operator):
    register_services.update_institution(institution=compliant, by=operator, provides_meals=False)
    filing = draft(compliant, operator, skip_docs={"food_license"})
    assert doc_type("food_license") not in filings_selectors.required_document_types(filing)
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED


def test_submission_freezes_the_snapshot_and_findings(compliant, operator):
    filing = make_submitted_filing(compliant, operator)
    name = filing.snapshot["institution"]["name"]
    register_services.update_institution(institution=compliant, by=operator, name="改名后的托育中心")
    filing.refresh_from_db()
    assert filing.snapshot["institution"]["name"] == name != "改名后的托育中心"
    assert filing.findings == []  # a compliant institution
    assert filing.round == 1
    assert filing.submitted_at and filing.first_submitted_at == filing.submitted_at


def test_a_submitted_filing_takes_no_new_documents(compliant, operator):
    filing = make_submitted_filing(compliant, operator)
    with pytest.raises(PermissionDenied):
        filings_services.upload_document(
            filing=filing, document_type=doc_type("other"), upload=pdf_upload(), by=operator
        )


# --- Change and deregistration filings -----------------------------------------------------------


def change_draft(institution, operator):
    filing = filings_services.start_filing(institution=institution, kind=FilingKind.CHANGE, by=operator)
    filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=True, applicant_name="王举办", applicant_phone="13800000000",
        change_date=timezone.localdate(), change_description="机构更名",
    )  # fmt: skip
    return filing


@pytest.fixture
def filed(compliant, operator, official, commission):
    make_filed_filing(compliant, operator, official, commission)
    compliant.refresh_from_db()
    return compliant


def test_a_change_filing_with_nothing_changed_is_refused(filed, operator):
    filing = change_draft(filed, operator)
    assert refused_submission(filing, operator) == [str(FILING_CHANGE_UNCHANGED)]
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.FILED


def test_a_change_filing_shows_what_changed_and_holds_the_institution_pending(filed, operator, official, commission):
    old_name = filed.name
    filing = change_draft(filed, operator)
    register_services.update_institution(institution=filed, by=operator, name="海滨小星星托育中心（新址）")

    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)

    filing.refresh_from_db()
    assert filing.baseline["institution"]["name"] == old_name
    assert filing.snapshot["institution"]["name"] == "海滨小星星托育中心（新址）"
    change = snapshots.diff(filing.baseline, filing.snapshot)
    assert change["changed"]
    assert [(f["field"], f["before"], f["after"]) for f in change["facts"]] == [
        ("name", old_name, "海滨小星星托育中心（新址）")
    ]
    assert change["facts"][0]["label"] == str(filed._meta.get_field("name").verbose_name)
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.CHANGE_PENDING

    filing = filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.FILED
    # The next change compares against the data of this acknowledged change.
    assert filings_selectors.last_filed_snapshot(filed)["institution"]["name"] == "海滨小星星托育中心（新址）"


def test_a_change_in_classes_or_staff_counts_as_a_change(filed, operator):
    filing = change_draft(filed, operator)
    register_services.add_class(institution=filed, by=operator, name="乳儿班", class_type="infant", seats=6)
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filing.refresh_from_db()
    change = snapshots.diff(filing.baseline, filing.snapshot)
    assert change["facts"] == []
    assert len(change["classes"]["added"]) == 1 and "乳儿班" in change["classes"]["added"][0]


@pytest.mark.parametrize("decider", ["official", "commission"])
def test_a_rejected_change_returns_the_institution_to_filed(decider, request, filed, operator, official):
    filing = change_draft(filed, operator)
    register_services.update_institution(institution=filed, by=operator, principal_name="新负责人")
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    if decider == "commission":
        filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.reject_filing(
        filing=filing, by=request.getfixturevalue(decider), version=filing.version, reason="变更材料不实"
    )
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.FILED
    assert Filing.objects.get(pk=filing.pk).decision_reason == "变更材料不实"


def test_an_acknowledged_deregistration_closes_the_institution(filed, operator, official, commission):
    filing = filings_services.start_filing(institution=filed, kind=FilingKind.DEREGISTRATION, by=operator)
    filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=True, applicant_name="王举办", applicant_phone="13800000000",
        stop_date=timezone.localdate(), children_arrangements="已转入附近托育机构",
    )  # fmt: skip
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.FILED  # still serving until the deregistration is acknowledged
    filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)

    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.CLOSED
    assert filing.receipt_number
    with pytest.raises(PermissionDenied):
        register_services.update_institution(institution=filed, by=operator, name="再开")
    with pytest.raises(TransitionError):
        filings_services.start_filing(institution=filed, kind=FilingKind.CHANGE, by=operator)


# --- Receipt numbers --------------------------------------------------------------------------------

RECEIPT = re.compile(r"^宝卫托备〔(\d{4})〕(\d{4})$")  # DESIGN/issue 3 §6: 宝卫托备〔2026〕0001


def test_receipt_numbers_are_unique_sequential_and_carry_the_year(operator, official, commission, haibin):
    numbers = []
    for _ in range(3):
        institution = staff_compliant_institution(factories.make_institution(operator=operator, jurisdiction=haibin))
        numbers.append(make_filed_filing(institution, operator, official, commission).receipt_number)

    parsed = [RECEIPT.match(n) for n in numbers]
    assert all(parsed), numbers
    assert {int(m[1]) for m in parsed} == {timezone.localdate().year}
    serials = [int(m[2]) for m in parsed]
    assert serials == [serials[0], serials[0] + 1, serials[0] + 2]
    assert serials[0] == 1  # the first receipt of the year
    assert Filing.objects.filter(receipt_number__in=numbers).count() == 3


def test_receipt_numbers_restart_each_year():
    assert filings_services.next_receipt_number(2030) == "宝卫托备〔2030〕0001"
    assert filings_services.next_receipt_number(2030) == "宝卫托备〔2030〕0002"
    assert filings_services.next_receipt_number(2031) == "宝卫托备〔2031〕0001"
    assert filings_services.next_receipt_number(2030) == "宝卫托备〔2030〕0003"


def test_only_filed_filings_carry_a_receipt_number(compliant, operator, official):
    filing = make_accepted_filing(compliant, operator, official)
    assert filing.receipt_number is None


# --- Resubmission and document versions ---------------------------------------------------------------


def test_a_resubmission_is_a_new_round_that_keeps_the_returned_one(compliant, operator, official, media_root):
    filing = make_submitted_filing(compliant, operator)
    first_snapshot = filing.snapshot
    certificates = doc_type("staff_certificates")
    v1 = filing.documents.get(document_type=certificates)
    v1_bytes = v1.file.read()
    v1.file.close()

    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    filing.refresh_from_db()
    assert (filing.status, filing.round, filing.due_date) == (FilingStatus.RETURNED, 1, None)
    assert filing.returned_snapshot == first_snapshot

    register_services.update_institution(institution=compliant, by=operator, address="天津市宝坻区海滨街道新路1号")
    png = SimpleUploadedFile("证书.png", png_bytes(), content_type="image/png")
    v2 = filings_services.upload_document(filing=filing, document_type=certificates, upload=png, by=operator)
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)

    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    assert filing.round == 2
    assert filing.returned_snapshot == first_snapshot
    assert filing.snapshot["institution"]["address"] == "天津市宝坻区海滨街道新路1号"
    assert filing.due_date is not None

    versions = list(filing.documents.filter(document_type=certificates).order_by("version"))
    assert [(d.pk, d.version, d.submitted_in_round) for d in versions] == [(v1.pk, 1, 1), (v2.pk, 2, 2)]
    assert versions[0].file.name != versions[1].file.name
    with versions[0].file.open("rb") as f:
        assert f.read() == v1_bytes
    assert (media_root / versions[0].file.name).exists()
    assert list(filing.documents.current().filter(document_type=certificates)) == [versions[1]]
    assert Document.objects.filter(filing=filing).count() == len(filings_selectors.required_document_types(filing)) + 1


# --- History --------------------------------------------------------------------------------------------


def test_every_step_is_in_the_filing_history_with_who_from_to_and_why(compliant, operator, official, commission):
    filing = make_submitted_filing(compliant, operator)
    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)

    steps = [
        (e.action, e.from_status, e.to_status, e.by)
        for e in filing.events.all()
        if e.action in FilingAction.values or e.action == "create"
    ]
    S = FilingStatus
    assert steps == [
        ("create", "", S.DRAFT, operator),
        (FilingAction.SUBMIT, S.DRAFT, S.SUBMITTED, operator),
        (FilingAction.RETURN, S.SUBMITTED, S.RETURNED, official),
        (FilingAction.SUBMIT, S.RETURNED, S.SUBMITTED, operator),
        (FilingAction.ACCEPT, S.SUBMITTED, S.ACCEPTED, official),
        (FilingAction.ACKNOWLEDGE, S.ACCEPTED, S.FILED, commission),
    ]
    uploads = filing.events.filter(action="upload")
    assert uploads.count() == len(filings_selectors.required_document_types(filing))
    assert {e.by for e in uploads} == {operator}
    assert all(e.at for e in filing.events.all())

    # The field history of the filing names who made each saved state.
    states = [(h.status, h.history_user) for h in filing.history.order_by("history_date", "history_id")]
    for status, user in [
        (S.DRAFT, operator), (S.SUBMITTED, operator), (S.RETURNED, official), (S.ACCEPTED, official),
        (S.FILED, commission),
    ]:  # fmt: skip
        assert (status, user) in states
    assert all(user is not None for _, user in states)


def test_a_rejection_records_its_reason_in_the_history(compliant, operator, official):
    filing = make_submitted_filing(compliant, operator)
    filings_services.reject_filing(filing=filing, by=official, version=filing.version, reason="场地租期不足3年")
    event = filing.events.get(action=FilingAction.REJECT)
    assert (event.by, event.note, event.to_status) == (official, "场地租期不足3年", FilingStatus.REJECTED)


def test_every_change_to_the_institution_is_in_its_history(compliant, operator, official, commission):
    register_services.update_institution(institution=compliant, by=operator, contact_phone="022-29999999")
    make_filed_filing(compliant, operator, official, commission)

    records = list(compliant.history.order_by("history_date", "history_id"))
    assert all(r.history_user is not None for r in records)
    phone = next(r for r in records if r.contact_phone == "022-29999999")
    assert phone.history_user == operator
    assert records[-1].status == InstitutionStatus.FILED
    assert records[-1].history_user == commission


# --- Notifications --------------------------------------------------------------------------------------


def inbox(user) -> list[str]:
    return [n.text for n in Notification.objects.filter(recipient=user)]


def mailed_to(user) -> list:
    return [m for m in mail.outbox if user.email in m.to]


def test_a_submission_notifies_the_officials_of_the_jurisdiction_only(
    compliant, operator, official, other_official, commission, haibin, django_capture_on_commit_callbacks
):
    colleague = factories.make_user(Role.OFFICIAL, jurisdiction=haibin)
    filing = make_draft_filing(compliant, operator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
        assert mail.outbox == []  # the e-mail waits for the commit

    for user in (official, colleague):
        assert len(inbox(user)) == 1 and compliant.name in inbox(user)[0]
        assert len(mailed_to(user)) == 1
    for user in (other_official, commission, operator):
        assert inbox(user) == [] and mailed_to(user) == []


def test_first_review_acceptance_notifies_the_commission(
    compliant, operator, official, commission, django_capture_on_commit_callbacks
):
    filing = make_submitted_filing(compliant, operator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    assert len(inbox(commission)) == 1 and compliant.name in inbox(commission)[0]
    assert len(mailed_to(commission)) == 1
    assert inbox(operator) == [] and mailed_to(operator) == []


@pytest.mark.parametrize("step", ["return", "reject", "acknowledge"])
def test_decisions_notify_every_operator_member(
    step, compliant, operator, other_operator, official, commission, django_capture_on_commit_callbacks
):
    partner = factories.make_user(Role.OPERATOR)
    factories.add_member(compliant, partner)
    if step == "acknowledge":
        filing = make_accepted_filing(compliant, operator, official)
    else:
        filing = make_submitted_filing(compliant, operator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if step == "return":
            filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
        elif step == "reject":
            filings_services.reject_filing(filing=filing, by=official, version=filing.version, reason="材料虚假")
        else:
            filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)

    for user in (operator, partner):
        [message] = inbox(user)
        assert compliant.name in message
        assert len(mailed_to(user)) == 1
        if step == "acknowledge":
            assert filing.receipt_number in message
        if step == "reject":
            assert "材料虚假" in message
    assert inbox(other_operator) == [] and mailed_to(other_operator) == []


def test_a_refused_step_sends_nothing(compliant, operator, other_official, django_capture_on_commit_callbacks):
    filing = make_submitted_filing(compliant, operator)
    mail.outbox.clear()
    notifications = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        filings_services.accept_filing(filing=filing, by=other_official, version=filing.version)
    assert mail.outbox == []
    assert Notification.objects.count() == notifications


# --- What changed since the return ---------------------------------------------------------------------


def renew_health_certificates(institution, operator, until: datetime.date) -> None:
    """The operator edits the staff rows (the staff formset, through save_institution_rows)."""
    from institutions.register.forms import StaffFormSet

    members = list(StaffFormSet(instance=institution).get_queryset())
    data = {
        "staff-TOTAL_FORMS": str(len(members)),
        "staff-INITIAL_FORMS": str(len(members)),
        "staff-MIN_NUM_FORMS": "0",
        "staff-MAX_NUM_FORMS": "1000",
    }
    for i, m in enumerate(members):
        row = {
            "id": m.pk, "name": m.name, "role": m.role, "class_group": m.class_group_id or "",
            "education": m.education, "management_years": m.management_years, "qualification": m.qualification,
            "qualification_expiry": m.qualification_expiry or "", "health_certificate_expiry": until.isoformat(),
        }  # fmt: skip
        if m.training_passed:
            row["training_passed"] = "on"
        if m.full_time:
            row["full_time"] = "on"
        data.update({f"staff-{i}-{k}": v for k, v in row.items()})
    formset = StaffFormSet(data, instance=institution)
    assert formset.is_valid(), formset.errors
    register_services.save_institution_rows(institution=institution, by=operator, formset=formset)


def test_a_renewed_health_certificate_shows_as_changed_since_the_return(compliant, operator, official):
    """The reviewer asked for renewed health certificates; the resubmission must show that they were."""
    filing = make_submitted_filing(compliant, operator)
    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    until = timezone.localdate() + datetime.timedelta(days=1500)

    renew_health_certificates(compliant, operator, until)
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)

    filing.refresh_from_db()
    since_return = snapshots.diff(filing.returned_snapshot, filing.snapshot)
    assert since_return["changed"]
    added = since_return["staff"]["added"]
    assert len(added) == compliant.staff.count()
    assert all(until.isoformat() in row for row in added)
    assert any("李负责" in row for row in added)
    history = compliant.staff.get(name="李负责").history.order_by("history_date", "history_id").last()
    assert history.history_user == operator
