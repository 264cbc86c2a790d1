"""The dashboard's precomputed figures: read from the snapshots, stale after every change, refreshed to the same rows.

The district fixture files H1–H3 and B1–B2 in 2025: on the register at the end of this year, five institutions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.models import Jurisdiction
from supervision.models import DashboardSnapshot
from supervision.statistics import snapshots
from supervision.statistics.registry import FIGURES, figure_rows
from supervision.statistics.scope import default_filters
from tests.builders.filings import make_filed_filing
from tests.builders.register import make_institution


def institutions_total(response) -> str:
    figure = next(f for f in response.context["figures"] if f["slug"] == "institutions")
    return figure["rows"][-1]["cells"][-2]["text"]


def file_one_more(haibin, operator, official, commission):
    institution = make_institution(operator=operator, jurisdiction=haibin, name="快照测试托育园")
    return make_filed_filing(institution, operator, official, commission)


@pytest.fixture
def worker(settings, monkeypatch):
    """A broker is configured: stale snapshots are shown as they are and a refresh is queued (calls recorded)."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/13"
    queued = []
    monkeypatch.setattr(snapshots, "queue_refresh", lambda: queued.append(timezone.now()))
    return queued


def test_the_first_view_keeps_the_figures_and_the_next_reads_them(
    client, district, commission, django_assert_max_num_queries
):
    client.force_login(commission)
    first = client.get(reverse("supervision:dashboard"))
    assert institutions_total(first) == "5"
    assert DashboardSnapshot.objects.filter(scope="district").count() == len(FIGURES)
    # Session, user, badges, the filter form's jurisdictions and one query for every figure's snapshot.
    with django_assert_max_num_queries(12):
        second = client.get(reverse("supervision:dashboard"))
    assert institutions_total(second) == "5"
    assert [f["rows"] for f in second.context["figures"]] == [f["rows"] for f in first.context["figures"]]
    assert 'id="figures-as-of"' in second.content.decode()


def test_a_change_made_through_a_service_shows_on_the_next_view(
    client, district, commission, operator, official, haibin
):
    client.force_login(commission)
    assert institutions_total(client.get(reverse("supervision:dashboard"))) == "5"
    file_one_more(haibin, operator, official, commission)
    assert not DashboardSnapshot.objects.filter(stale_since__isnull=True).exists()
    assert institutions_total(client.get(reverse("supervision:dashboard"))) == "6"


def test_a_download_after_a_change_counts_the_change(client, district, commission, operator, official, haibin):
    client.force_login(commission)
    client.get(reverse("supervision:dashboard"))
    file_one_more(haibin, operator, official, commission)
    response = client.get(reverse("supervision:dashboard_download", args=["institutions", "csv"]))
    last = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()[-1]
    assert last.split(",")[-2:] == ["6", "125"]  # five institutions' 110 seats, and the new one's toddler class of 15


def test_a_snapshot_of_an_earlier_day_is_computed_again(client, district, commission):
    client.force_login(commission)
    client.get(reverse("supervision:dashboard"))
    yesterday = timezone.now() - datetime.timedelta(days=1)
    DashboardSnapshot.objects.update(computed_at=yesterday)
    client.get(reverse("supervision:dashboard"))
    assert not DashboardSnapshot.objects.filter(computed_at__lte=yesterday).exists()


def test_with_a_worker_the_page_shows_the_last_figures_until_the_refresh(
    client, district, commission, operator, official, haibin, worker, django_capture_on_commit_callbacks
):
    client.force_login(commission)
    assert institutions_total(client.get(reverse("supervision:dashboard"))) == "5"
    with django_capture_on_commit_callbacks(execute=True):
        file_one_more(haibin, operator, official, commission)
    assert len(worker) == 1  # queued once, though the filing went through several steps
    stale = client.get(reverse("supervision:dashboard"))
    assert institutions_total(stale) == "5"
    assert stale.context["updating"] is True
    # The district's figures, and this year's of every jurisdiction though nobody asked for them yet.
    places = Jurisdiction.objects.filter(is_active=True).count()
    assert snapshots.refresh_snapshots() == (1 + places) * len(FIGURES)
    fresh = client.get(reverse("supervision:dashboard"))
    assert institutions_total(fresh) == "6"
    assert fresh.context["updating"] is False


def test_the_refresh_computes_an_officials_figures_as_the_official_sees_them(
    client, district, official, operator, commission, haibin, worker
):
    client.force_login(official)
    client.get(reverse("supervision:dashboard"))
    assert set(DashboardSnapshot.objects.values_list("scope", flat=True)) == {f"j{haibin.pk}"}
    file_one_more(haibin, operator, official, commission)
    snapshots.refresh_snapshots()
    filters = default_filters()
    kept = snapshots.figures_rows(FIGURES.values(), user=official, filters=filters)
    assert kept.updating is False
    for figure in FIGURES.values():
        assert kept.rows[figure.slug] == figure_rows(figure, user=official, filters=filters), figure.slug


def test_the_refresh_drops_stale_snapshots_of_other_periods(
    client, district, commission, operator, official, haibin, worker
):
    client.force_login(commission)
    client.get(reverse("supervision:dashboard"), {"date_from": "2025-01-01", "date_to": "2025-12-31"})
    client.get(reverse("supervision:dashboard"))
    file_one_more(haibin, operator, official, commission)
    snapshots.refresh_snapshots()
    this_year = default_filters()
    assert set(DashboardSnapshot.objects.values_list("start", flat=True)) == {this_year.start}


def test_a_change_during_the_refresh_keeps_the_snapshot_stale(client, district, commission, worker, monkeypatch):
    client.force_login(commission)
    client.get(reverse("supervision:dashboard"))
    DashboardSnapshot.objects.update(stale_since=timezone.now())
    computing = snapshots.figure_rows

    def changed_meanwhile(figure, **kwargs):
        rows = computing(figure, **kwargs)
        DashboardSnapshot.objects.filter(figure=figure.slug).update(stale_since=timezone.now())
        return rows

    monkeypatch.setattr(snapshots, "figure_rows", changed_meanwhile)
    worker.clear()
    snapshots.refresh_snapshots()
    assert DashboardSnapshot.objects.filter(stale_since__isnull=True).count() == 0
    assert len(worker) == 1  # and it runs again


def test_many_stale_reads_queue_one_refresh_until_it_starts(settings, monkeypatch):
    """Every stale read and every change asks for a refresh; the worker gets one, and the next after it starts."""
    from django.core.cache import cache

    from supervision.statistics import tasks

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/13"
    cache.delete(snapshots.REFRESH_QUEUED_KEY)
    sent = []
    monkeypatch.setattr(tasks.refresh_dashboard, "delay", lambda: sent.append(1))
    monkeypatch.setattr(snapshots, "refresh_snapshots", lambda: 0)
    for _ in range(5):
        snapshots.queue_refresh()
    assert sent == [1]
    tasks.refresh_dashboard()  # the worker starts it: a change from now on needs another
    snapshots.queue_refresh()
    snapshots.queue_refresh()
    assert sent == [1, 1]


def test_a_broker_that_does_not_answer_lets_the_next_read_try_again(settings, monkeypatch):
    from django.core.cache import cache

    from supervision.statistics import tasks

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/13"
    cache.delete(snapshots.REFRESH_QUEUED_KEY)
    attempts = []

    def refused():
        attempts.append(1)
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.refresh_dashboard, "delay", refused)
    snapshots.queue_refresh()
    snapshots.queue_refresh()
    assert attempts == [1, 1]
