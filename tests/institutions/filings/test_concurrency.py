"""Two reviewers deciding the same filing at once: exactly one wins, the other is told the filing changed
(issue 3 §9). The plain tests run on SQLite and PostgreSQL; the threaded ones need PostgreSQL's row locks."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from baodi_care.accounts.choices import Role
from institutions.choices import FilingAction, FilingStatus
from institutions.filings import services
from institutions.filings.services import FILING_CHANGED, StaleFilingError
from institutions.models import Filing
from tests.builders.accounts import make_user
from tests.builders.filings import correction, make_accepted_filing, make_submitted_filing
from tests.builders.register import make_institution, make_staff_compliant


@pytest.fixture
def colleague(haibin):
    """A second official of the same 街道."""
    return make_user(Role.OFFICIAL, jurisdiction=haibin, full_name="陈街道")


def changed(status: str) -> list[str]:
    return [str(FILING_CHANGED % {"status": FilingStatus(status).label})]


def decide(action: str, filing: Filing, by, version: int) -> Filing:
    if action == FilingAction.ACCEPT:
        return services.accept_filing(filing=filing, by=by, version=version)
    return services.return_filing(filing=filing, by=by, version=version, reviews=correction())


# --- On every database -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("second", [FilingAction.ACCEPT, FilingAction.RETURN])
def test_the_second_official_holding_the_same_version_is_told_the_filing_changed(
    second, compliant, operator, official, colleague
):
    filing = make_submitted_filing(compliant, operator)
    # Both officials open the review page: the same filing, the same version.
    mine = Filing.objects.get(pk=filing.pk)
    theirs = Filing.objects.get(pk=filing.pk)
    assert mine.version == theirs.version

    services.accept_filing(filing=mine, by=official, version=mine.version)
    with pytest.raises(StaleFilingError) as exc:
        decide(second, theirs, colleague, theirs.version)

    assert exc.value.messages == changed(FilingStatus.ACCEPTED)
    stored = Filing.objects.get(pk=filing.pk)
    assert stored.status == FilingStatus.ACCEPTED
    assert stored.events.filter(action=FilingAction.ACCEPT).get().by == official
    assert not stored.events.filter(action=FilingAction.RETURN).exists()
    assert not stored.section_reviews.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("second", [FilingAction.ACCEPT, FilingAction.RETURN])
def test_a_decision_posted_from_a_stale_page_is_told_the_filing_changed(
    second, compliant, operator, official, colleague
):
    """The view loads the filing afresh but the form carries the version the page was opened with."""
    filing = make_submitted_filing(compliant, operator)
    page_version = filing.version
    services.accept_filing(filing=Filing.objects.get(pk=filing.pk), by=official, version=page_version)

    with pytest.raises(StaleFilingError) as exc:
        decide(second, Filing.objects.get(pk=filing.pk), colleague, page_version)

    assert exc.value.messages == changed(FilingStatus.ACCEPTED)
    assert (
        Filing.objects.get(pk=filing.pk).events.filter(action__in=[FilingAction.ACCEPT, FilingAction.RETURN]).count()
        == 1
    )


@pytest.mark.django_db
def test_an_operator_resubmitting_twice_is_told_the_filing_changed(compliant, operator, official):
    filing = make_submitted_filing(compliant, operator)
    services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    page_version = filing.version
    services.submit_filing(filing=Filing.objects.get(pk=filing.pk), by=operator, version=page_version)

    with pytest.raises(StaleFilingError) as exc:
        services.submit_filing(filing=Filing.objects.get(pk=filing.pk), by=operator, version=page_version)
    assert exc.value.messages == changed(FilingStatus.SUBMITTED)
    assert Filing.objects.get(pk=filing.pk).round == 2


@pytest.mark.django_db
@pytest.mark.parametrize("version", [None, "", "abc"])
def test_a_missing_or_tampered_version_is_refused_as_stale(version, compliant, operator, official):
    filing = make_submitted_filing(compliant, operator)
    with pytest.raises(StaleFilingError):
        services.accept_filing(filing=filing, by=official, version=version)
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED


# --- PostgreSQL: real concurrent transactions ---------------------------------------------------------


def postgres_only(test):
    """Each thread has its own connection, so the data must be committed (transaction=True); the seeded rows
    (jurisdictions, document types) come back from the serialized copy after an earlier transactional test."""
    test = pytest.mark.django_db(transaction=True, serialized_rollback=True)(test)
    test = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")(test)
    return pytest.mark.postgres(test)


def run_at_once(*calls):
    """Run the calls in threads released together; each returns ('ok', value) or ('error', exception)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = ("ok", call())
        except Exception as exc:  # the test inspects whatever came out
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return results


@pytest.fixture
def first_commit_waits_for_a_blocked_rival(monkeypatch):
    """Hold the first step's transaction open (at its notification, after its row is updated) until another
    backend waits on a lock, so the rival really runs into the winner's uncommitted row instead of merely
    arriving late. Call the returned function just before the race; it returns a record of whether the
    rival was seen blocked."""
    seen = {"blocked": False}
    gate = threading.Lock()
    original = services.notify

    def notify(**kwargs):
        if gate.acquire(blocking=False):  # only the first step through waits; the second must not
            deadline = time.monotonic() + 10
            with connection.cursor() as cursor:  # this thread's own connection, inside its transaction
                while not seen["blocked"] and time.monotonic() < deadline:
                    cursor.execute("SELECT pg_stat_clear_snapshot()")
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                    seen["blocked"] = cursor.fetchone()[0] > 0
                    time.sleep(0.02)
        return original(**kwargs)

    def arm() -> dict:
        monkeypatch.setattr(services, "notify", notify)
        return seen

    return arm


@pytest.mark.parametrize(
    "actions",
    [(FilingAction.ACCEPT, FilingAction.ACCEPT), (FilingAction.ACCEPT, FilingAction.RETURN)],
    ids=["accept-accept", "accept-return"],
)
@postgres_only
def test_two_officials_deciding_at_the_same_moment_one_wins(
    actions, compliant, operator, official, colleague, first_commit_waits_for_a_blocked_rival
):
    filing = make_submitted_filing(compliant, operator)
    version = filing.version

    def attempt(action, by):
        return lambda: decide(action, Filing.objects.get(pk=filing.pk), by, version)

    race = first_commit_waits_for_a_blocked_rival()
    results = run_at_once(attempt(actions[0], official), attempt(actions[1], colleague))

    assert race["blocked"], "the second decision never met the first one's lock"

    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    [error] = [value for kind, value in results if kind == "error"]
    assert isinstance(error, StaleFilingError)
    stored = Filing.objects.get(pk=filing.pk)
    winner = next(i for i, (kind, _) in enumerate(results) if kind == "ok")
    assert error.messages == changed(stored.status)
    assert (
        stored.status
        == {FilingAction.ACCEPT: FilingStatus.ACCEPTED, FilingAction.RETURN: FilingStatus.RETURNED}[actions[winner]]
    )
    assert stored.version == version + 1
    assert stored.events.filter(from_status=FilingStatus.SUBMITTED).count() == 1
    assert stored.events.get(from_status=FilingStatus.SUBMITTED).by == (official, colleague)[winner]


@postgres_only
def test_two_acknowledgements_at_the_same_moment_get_consecutive_receipt_numbers(
    operator, official, commission, haibin, first_commit_waits_for_a_blocked_rival
):
    filings = [
        make_accepted_filing(
            make_staff_compliant(make_institution(operator=operator, jurisdiction=haibin)),
            operator,
            official,
        )
        for _ in range(2)
    ]

    def acknowledge(filing):
        return lambda: (
            services.acknowledge_filing(
                filing=Filing.objects.get(pk=filing.pk), by=commission, version=filing.version
            ).receipt_number
        )

    race = first_commit_waits_for_a_blocked_rival()
    results = run_at_once(*(acknowledge(f) for f in filings))

    assert race["blocked"], "the second receipt never waited for the first"

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    numbers = sorted(number for _, number in results)
    assert numbers[0] != numbers[1]
    serials = [int(n[-4:]) for n in numbers]
    assert serials[1] == serials[0] + 1
    assert sorted(Filing.objects.filter(pk__in=[f.pk for f in filings]).values_list("receipt_number", flat=True)) == (
        numbers
    )


@postgres_only
def test_a_double_clicked_start_opens_one_filing(institution, operator):
    from institutions.choices import FilingKind
    from institutions.filings.services import FILING_ALREADY_OPEN, TransitionError

    def start():
        return services.start_filing(
            institution=type(institution).objects.get(pk=institution.pk), kind=FilingKind.INITIAL, by=operator
        )

    results = run_at_once(start, start)

    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    [error] = [value for kind, value in results if kind == "error"]
    assert isinstance(error, TransitionError)
    assert error.messages == [str(FILING_ALREADY_OPEN)]
    assert institution.filings.count() == 1
