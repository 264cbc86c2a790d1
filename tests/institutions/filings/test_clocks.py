"""The two clocks of 登记和备案办法 Art. 9: the 备案回执 and 告知书 within 5 working days of receiving complete
materials, and for a filing that does not meet the conditions the reasons within 15 working days of receipt,
made public. Each starts and stops at its boundary, across Spring Festival 2026 and its 调休 Saturdays."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.models import Notification
from institutions.filings import selectors
from institutions.filings import services as filings_services
from institutions.models import Filing
from supervision.reminders.services import send_reminders
from tests.builders.filings import (
    correction,
    correction_of_document,
    make_accepted_filing,
    make_submitted_filing,
)

pytestmark = pytest.mark.django_db

D = datetime.date
# chinese-calendar 1.11, checked: Sat 14 Feb 2026 is worked (调休), Sun 15 – Mon 23 Feb are off, Sat 28 Feb is
# worked (调休) again. From Fri 13 Feb: Sat 14 (1), Tue 24 (2), Wed 25 (3), Thu 26 (4), Fri 27 (5), Sat 28 (6),
# Mon 2 – Fri 6 Mar (7–11), Mon 9 – Thu 12 Mar (12–15).
RECEIVED = D(2026, 2, 13)
RECEIPT_DUE = D(2026, 2, 27)
ANSWER_DUE = D(2026, 3, 12)


def clocks(filing: Filing, today: datetime.date) -> dict:
    (row,) = selectors.for_display([Filing.objects.get(pk=filing.pk)], today)
    return {c.name: c for c in row.clocks}


@pytest.fixture
def submitted(compliant, operator):
    return make_submitted_filing(compliant, operator, today=RECEIVED)


def test_both_clocks_start_on_receipt_across_spring_festival(submitted):
    assert (submitted.received_on, submitted.receipt_due, submitted.answer_due) == (RECEIVED, RECEIPT_DUE, ANSWER_DUE)


def test_the_receipt_clock_is_met_on_the_fifth_working_day_and_overdue_on_the_sixth(submitted):
    # The 5th working day is Fri 27 Feb; the 6th is Sat 28 Feb, a 调休 make-up working day.
    on_time = clocks(submitted, RECEIPT_DUE)["receipt"]
    assert (on_time.state, on_time.overdue, on_time.days_left) == ("running", False, 0)
    assert clocks(submitted, D(2026, 2, 26))["receipt"].days_left == 1
    late = clocks(submitted, D(2026, 2, 28))["receipt"]
    assert (late.overdue, late.days_overdue) == (True, 1)
    # Sunday 1 Mar is no working day: still one working day overdue.
    assert clocks(submitted, D(2026, 3, 1))["receipt"].days_overdue == 1


def test_the_answer_clock_runs_on_after_the_receipt_clock_and_is_overdue_after_the_fifteenth_day(submitted):
    assert not clocks(submitted, D(2026, 2, 28))["answer"].overdue
    assert clocks(submitted, ANSWER_DUE)["answer"].days_left == 0
    assert clocks(submitted, D(2026, 3, 13))["answer"].overdue
    assert submitted.overdue_clocks(D(2026, 3, 13)) == ["receipt", "answer"]


def test_a_return_over_the_data_alone_keeps_the_first_receipt(submitted, operator, official):
    """The materials were complete: a correction round does not restart either clock (DESIGN §2 Filing)."""
    filings_services.return_filing(filing=submitted, by=official, version=submitted.version, reviews=correction())
    returned = Filing.objects.get(pk=submitted.pk)
    assert (returned.received_on, returned.receipt_due, returned.answer_due) == (RECEIVED, RECEIPT_DUE, ANSWER_DUE)
    # While the operator corrects, the dates stand but nobody at the authority holds the filing: not overdue.
    assert not clocks(returned, D(2026, 3, 2))["receipt"].overdue
    again = filings_services.submit_filing(filing=returned, by=operator, version=returned.version, today=D(2026, 3, 2))
    assert (again.round, again.received_on, again.receipt_due, again.answer_due) == (
        2,
        RECEIVED,
        RECEIPT_DUE,
        ANSWER_DUE,
    )
    assert clocks(again, D(2026, 3, 2))["receipt"].overdue  # back with the 街镇, and late


def test_a_return_as_incomplete_stops_both_clocks_and_the_resubmission_is_the_receipt(submitted, operator, official):
    filings_services.return_filing(
        filing=submitted, by=official, version=submitted.version, reviews=correction_of_document("premises_proof")
    )
    returned = Filing.objects.get(pk=submitted.pk)
    shown = clocks(returned, D(2026, 3, 2))
    assert [c.state for c in shown.values()] == ["stopped", "stopped"]
    assert (
        "incomplete" in returned.events.get(action="return").note
        or "退回补正" in returned.events.get(action="return").note
    )
    # Resubmitted Fri 27 Feb: Sat 28 (1, 调休), Mon 2 – Thu 5 Mar (5); Fri 6 (6), 9–13 Mar (11), 16–19 Mar (15).
    again = filings_services.submit_filing(filing=returned, by=operator, version=returned.version, today=D(2026, 2, 27))
    assert (again.received_on, again.receipt_due, again.answer_due) == (D(2026, 2, 27), D(2026, 3, 5), D(2026, 3, 19))


def test_the_filing_form_marked_is_a_return_as_incomplete(submitted, official):
    filings_services.return_filing(
        filing=submitted, by=official, version=submitted.version, reviews=correction("declaration", "承诺书未签")
    )
    assert Filing.objects.get(pk=submitted.pk).received_on is None


def test_acknowledging_meets_the_receipt_clock_and_ends_the_answer_clock(compliant, operator, official, commission):
    today = timezone.localdate()
    filing = make_accepted_filing(compliant, operator, official, today=today)
    filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)
    later = today + datetime.timedelta(days=60)
    shown = clocks(filing, later)
    assert (shown["receipt"].state, shown["receipt"].met_on) == ("met", today)
    assert shown["answer"].state == "not_due"
    assert not any(c.overdue for c in shown.values())


def test_rejecting_with_reasons_meets_the_answer_clock(compliant, operator, official):
    today = timezone.localdate()
    filing = make_submitted_filing(compliant, operator, today=today)
    filings_services.reject_filing(filing=filing, by=official, version=filing.version, reason="场地位于四层")
    shown = clocks(filing, today + datetime.timedelta(days=60))
    assert (shown["answer"].state, shown["receipt"].state) == ("met", "not_due")


def test_a_decision_after_the_date_is_shown_as_met_late(submitted, official):
    filings_services.reject_filing(filing=submitted, by=official, version=submitted.version, reason="场地位于四层")
    assert clocks(submitted, timezone.localdate())["answer"].state == "late"


# --- Both sides see the clocks ----------------------------------------------------------------------------


def test_the_operator_and_the_official_see_both_clocks_overdue_highlighted(client, submitted, operator, official):
    client.force_login(operator)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert 'id="clock-receipt"' in html and 'id="clock-answer"' in html
    assert "list-group-item-danger" in html  # long past both dates (submitted in February)
    assert RECEIPT_DUE.isoformat() in html or "2026年2月27日" in html

    client.force_login(official)
    html = client.get(reverse("supervision:filing_review", args=[submitted.pk])).content.decode()
    assert 'id="clock-receipt"' in html and 'id="overdue-alert"' in html
    html = client.get(reverse("supervision:filing_worklist")).content.decode()
    assert 'data-clock="receipt"' in html and 'data-clock="answer"' in html and "overdue-badge" in html


# --- Escalation ----------------------------------------------------------------------------------------------


def test_an_overdue_clock_is_escalated_to_the_commission_once(submitted, official, commission):
    today = D(2026, 2, 28)  # the receipt clock's 6th working day
    assert send_reminders(today, ["filings"])["filings"] == 2  # the holding 街镇 and the commission
    [escalation] = Notification.objects.filter(recipient=commission)
    assert "2026-02-27" in escalation.text
    assert send_reminders(today, ["filings"])["filings"] == 0
    # On the answer clock's 16th working day, the second duty is escalated as well.
    assert send_reminders(D(2026, 3, 13), ["filings"])["filings"] == 2
    assert Notification.objects.filter(recipient=commission).count() == 2


def test_no_escalation_on_the_last_day(submitted, commission):
    send_reminders(RECEIPT_DUE, ["filings"])
    assert not Notification.objects.filter(recipient=commission).exists()


# --- Rows filed before the two clocks ------------------------------------------------------------------------


def test_the_migration_gives_earlier_rows_their_receipt_from_their_history(compliant, operator, official, haibin):
    import importlib

    from django.apps import apps

    from tests.builders.register import make_institution, make_staff_compliant

    migration = importlib.import_module("institutions.migrations.0011_filing_two_clocks_and_change_documents")
    running = make_submitted_filing(compliant, operator)
    other = make_staff_compliant(make_institution(operator=operator, jurisdiction=haibin, name="另一托育"))
    incomplete = make_submitted_filing(other, operator)
    filings_services.return_filing(
        filing=incomplete, by=official, version=incomplete.version, reviews=correction_of_document("premises_proof")
    )
    expected = Filing.objects.values_list("pk", "received_on", "receipt_due", "answer_due").get(pk=running.pk)
    Filing.objects.update(received_on=None, receipt_due=None, answer_due=None)

    migration.start_clocks(apps, None)

    assert Filing.objects.values_list("pk", "received_on", "receipt_due", "answer_due").get(pk=running.pk) == expected
    assert Filing.objects.get(pk=incomplete.pk).received_on is None  # returned as incomplete: no clock runs
