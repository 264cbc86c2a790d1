"""Deadlines in working days: Chinese statutory holidays, 调休 make-up days, and the editable calendar for
years chinese-calendar does not know (DESIGN §2 Filing; 登记和备案办法 Art. 9)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from institutions.calendar.workdays import WorkdayCounter, add_working_days, is_workday, working_days_between
from institutions.filings import services as filings_services
from institutions.models import CalendarDay, Filing
from institutions.register import services as register_services
from tests.builders.calendar import make_calendar_day
from tests.builders.filings import correction_of_document, make_submitted_filing

pytestmark = pytest.mark.django_db

D = datetime.date

# The State Council's 2026 National Day schedule, as chinese-calendar 1.11 has it (checked with it):
#   chinese_calendar.is_workday(date(2026, 10, d)) is False for d = 1..7 (Thu 1 Oct – Wed 7 Oct off),
#   and True for Sat 10 Oct 2026 (调休 make-up day); Sun 11 Oct is an ordinary day off.
# The expected dates below are counted by hand from that schedule.


# --- The calendar ------------------------------------------------------------------------------------


def test_the_national_day_holiday_and_its_make_up_saturday():
    assert not any(is_workday(D(2026, 10, d)) for d in range(1, 8))
    assert is_workday(D(2026, 10, 8))
    assert is_workday(D(2026, 10, 10))  # Saturday, worked
    assert not is_workday(D(2026, 10, 11))  # Sunday


def test_five_working_days_from_the_eve_of_national_day():
    # Wed 30 Sep → Thu 8 (1), Fri 9 (2), Sat 10 调休 (3), Mon 12 (4), Tue 13 (5).
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 13)) == 5


def test_the_first_working_day_after_national_day():
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 10, 1), 1) == D(2026, 10, 8)


def test_the_make_up_saturday_counts_as_a_working_day():
    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)  # Fri → the 调休 Saturday
    assert add_working_days(D(2026, 10, 10), 1) == D(2026, 10, 12)  # Sat → Mon (Sunday is off)
    assert working_days_between(D(2026, 10, 9), D(2026, 10, 12)) == 2


def test_fifteen_working_days_across_national_day():
    # After Tue 13 Oct (5): 14, 15, 16 (8), 19–23 (13), 26 (14), 27 (15).
    assert add_working_days(D(2026, 9, 30), 15) == D(2026, 10, 27)


def test_a_plain_week_skips_only_the_weekend():
    assert add_working_days(D(2026, 6, 8), 4) == D(2026, 6, 12)  # Mon → Fri
    assert add_working_days(D(2026, 6, 5), 1) == D(2026, 6, 8)  # Fri → Mon
    assert add_working_days(D(2026, 6, 10), 5) == D(2026, 6, 17)  # Wed → next Wed
    assert working_days_between(D(2026, 6, 5), D(2026, 6, 12)) == 5


def test_zero_days_and_backwards_ranges():
    assert add_working_days(D(2026, 6, 13), 0) == D(2026, 6, 13)
    assert working_days_between(D(2026, 6, 12), D(2026, 6, 12)) == 0
    assert working_days_between(D(2026, 6, 12), D(2026, 6, 8)) == 0


def test_a_year_chinese_calendar_does_not_know_falls_back_to_monday_to_friday():
    # chinese-calendar 1.11 stops at 2026: in 2027 only weekends are days off unless the table says more.
    assert add_working_days(D(2027, 1, 1), 1) == D(2027, 1, 4)  # Fri → Mon
    assert add_working_days(D(2027, 9, 30), 5) == D(2027, 10, 7)  # Thu → next Thu
    assert is_workday(D(2027, 10, 1))  # a Friday, as far as the fallback knows
    assert not is_workday(D(2027, 10, 2))


def test_the_calendar_table_overrides_the_fallback():
    for day in range(1, 8):
        make_calendar_day(D(2027, 10, day), name="国庆节")
    make_calendar_day(D(2027, 10, 9), is_workday=True, name="国庆节调休")  # a Saturday

    assert not is_workday(D(2027, 10, 4))  # a Monday made a holiday
    assert is_workday(D(2027, 10, 9))  # a Saturday made a working day
    # Thu 30 Sep → Fri 8 (1), Sat 9 调休 (2), Mon 11 (3), Tue 12 (4), Wed 13 (5).
    assert add_working_days(D(2027, 9, 30), 5) == D(2027, 10, 13)
    assert working_days_between(D(2027, 9, 30), D(2027, 10, 13)) == 5


def test_the_calendar_table_overrides_chinese_calendar_too():
    make_calendar_day(D(2026, 10, 12), name="临时休息")
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 14)
    make_calendar_day(D(2026, 10, 11), is_workday=True, name="补班")  # a Sunday
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert is_workday(D(2026, 10, 11))


@hypothesis_settings(deadline=None, max_examples=150)
@given(
    start=st.dates(min_value=D(2004, 1, 1), max_value=D(2028, 12, 31)),
    n=st.integers(min_value=0, max_value=40),
)
def test_counting_back_the_days_added_gives_the_same_number(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert end >= start
    if n:
        assert is_workday(end)
        assert working_days_between(start, end - datetime.timedelta(days=1)) == n - 1


# --- Deadlines of a submitted filing -------------------------------------------------------------------


def test_a_submitted_filing_has_both_clocks_from_its_receipt(compliant, operator):
    filing = make_submitted_filing(compliant, operator, today=D(2026, 9, 30))
    stored = Filing.objects.get(pk=filing.pk)
    assert stored.received_on == D(2026, 9, 30)
    assert (stored.receipt_due, stored.answer_due) == (D(2026, 10, 13), D(2026, 10, 27))


def test_findings_do_not_choose_the_clock(compliant, operator):
    """The old rule (15 days whenever the standards check found something) is gone: both duties run on every
    filing, and whichever decision comes meets its own."""
    register_services.update_institution(institution=compliant, by=operator, floor=4)
    filing = make_submitted_filing(compliant, operator, today=D(2026, 9, 30))
    assert filing.findings
    assert (filing.receipt_due, filing.answer_due) == (D(2026, 10, 13), D(2026, 10, 27))


def test_both_limits_are_configurable(compliant, operator, settings):
    settings.FILING_ACKNOWLEDGE_WORKING_DAYS = 3
    settings.FILING_NONCOMPLIANT_WORKING_DAYS = 10
    filing = make_submitted_filing(compliant, operator, today=D(2026, 9, 30))
    assert filing.receipt_due == D(2026, 10, 10)  # Thu 8, Fri 9, Sat 10 (调休)
    assert filing.answer_due == D(2026, 10, 20)  # 8, 9, 10, 12–16, 19, 20


def test_a_return_as_incomplete_starts_the_clocks_again_on_resubmission(compliant, operator, official):
    filing = make_submitted_filing(compliant, operator, today=D(2026, 9, 30))
    filings_services.return_filing(
        filing=filing, by=official, version=filing.version, reviews=correction_of_document("premises_proof")
    )
    stored = Filing.objects.get(pk=filing.pk)
    assert (stored.received_on, stored.receipt_due, stored.answer_due) == (None, None, None)
    filing = filings_services.submit_filing(filing=filing, by=operator, version=filing.version, today=D(2026, 10, 9))
    assert filing.received_on == D(2026, 10, 9)
    assert filing.receipt_due == D(2026, 10, 15)  # Sat 10 (调休), Mon 12 … Thu 15
    assert filing.answer_due == D(2026, 10, 29)  # 16, 19–23, 26–29


def test_a_filing_is_overdue_only_after_its_due_date(compliant, operator):
    filing = make_submitted_filing(compliant, operator, today=D(2026, 9, 30))
    assert not filing.is_overdue(today=D(2026, 10, 13))
    assert filing.is_overdue(today=D(2026, 10, 14))
    assert filing.overdue_clocks(D(2026, 10, 14)) == ["receipt"]
    assert filing.overdue_clocks(D(2026, 10, 28)) == ["receipt", "answer"]


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=datetime.date(2024, 9, 1), max_value=datetime.date(2025, 10, 31)),
    length=st.integers(min_value=-3, max_value=60),
)
def test_the_counter_of_many_spans_counts_as_working_days_between(start, length):
    """The dashboard's counter (one pass over the days) gives what the deadline rule gives, across the National
    Day and Spring Festival weeks, their 调休 Saturdays and a district's own override."""
    if not CalendarDay.objects.filter(date=datetime.date(2025, 5, 6)).exists():  # once for all examples
        make_calendar_day(datetime.date(2025, 5, 6), is_workday=False, name="区里另行安排")
    end = start + datetime.timedelta(days=length)
    counter = WorkdayCounter(datetime.date(2024, 8, 1), datetime.date(2025, 12, 31))
    assert counter.between(start, end) == working_days_between(start, end)
