"""The filing workflow's transitions through its services: each allowed step and each forbidden one, stale pages,
and what a return, an acceptance and a rejection need (DESIGN §2 Filing; issue 3 §2, §9)."""

from __future__ import annotations

import re

import pytest

from baodi_care.accounts.choices import Role
from institutions.choices import FILING_TRANSITIONS, FilingAction, FilingStatus, Section
from institutions.filings import services as filings_services
from institutions.filings.services import (
    ACCEPT_WITH_CORRECTIONS,
    COMMENT_REQUIRED,
    FILING_ILLEGAL_TRANSITION,
    FILING_NOT_YOURS,
    REJECT_REASON_REQUIRED,
    RETURN_COMMENT_REQUIRED,
    StaleFilingError,
    TransitionError,
)
from institutions.models import Filing
from tests.builders.filings import correction, make_accepted_filing, make_filing, make_submitted_filing

pytestmark = pytest.mark.django_db

# DESIGN §2 workflow: draft → submitted → 街镇初审 (accept, or return for correction) → 区卫健委
# acknowledgement → filed; or rejected with reasons (at first review or by the commission). Each path reads
# "status --action--> status --action--> ..."; together they are every step the workflow allows.
WORKFLOW_PATHS = [
    "draft --submit--> submitted --accept--> accepted --acknowledge--> filed",
    "submitted --return--> returned --submit--> submitted",
    "submitted --reject--> rejected",
    "accepted --reject--> rejected",
]


def steps(path: str) -> dict[tuple[str, str], str]:
    """The (status, action) → status steps one path of WORKFLOW_PATHS takes."""
    statuses = re.split(r" --\w+--> ", path)
    actions = re.findall(r"--(\w+)-->", path)
    return {
        (FilingStatus(before), FilingAction(action)): FilingStatus(after)
        for before, action, after in zip(statuses[:-1], actions, statuses[1:], strict=True)
    }


WORKFLOW = {step: after for path in WORKFLOW_PATHS for step, after in steps(path).items()}


def illegal(status: str, action: str) -> str:
    return str(FILING_ILLEGAL_TRANSITION % {"status": FilingStatus(status).label, "action": FilingAction(action).label})


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
    filing = make_filing(status, compliant, operator, official, commission)
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
    filing = make_filing(status, compliant, operator, official, commission)
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
