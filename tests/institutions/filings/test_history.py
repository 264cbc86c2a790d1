"""What a filing leaves behind: receipt numbers, the history of every step and change, and the notifications each
step sends (issue 3 §6, §8)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from institutions.choices import FilingAction, FilingStatus, InstitutionStatus
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.filings.services import TransitionError
from institutions.models import Filing
from institutions.register import services as register_services
from tests.builders.accounts import make_user
from tests.builders.filings import (
    correction,
    make_accepted_filing,
    make_draft_filing,
    make_filed_filing,
    make_submitted_filing,
)
from tests.builders.register import add_member, make_institution, make_staff_compliant

pytestmark = pytest.mark.django_db

# --- Receipt numbers --------------------------------------------------------------------------------

RECEIPT = re.compile(r"^宝卫托备〔(\d{4})〕(\d{4})$")  # DESIGN/issue 3 §6: 宝卫托备〔2026〕0001


def test_receipt_numbers_are_unique_sequential_and_carry_the_year(operator, official, commission, haibin):
    numbers = []
    for _ in range(3):
        institution = make_staff_compliant(make_institution(operator=operator, jurisdiction=haibin))
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
    colleague = make_user(Role.OFFICIAL, jurisdiction=haibin)
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
    partner = make_user(Role.OPERATOR)
    add_member(compliant, partner)
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
