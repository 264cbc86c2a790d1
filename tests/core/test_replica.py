"""The read replica's router: reports and exports read from the replica, everything else from the primary.

The router's answers are checked with a replica configured (replica_configured patched), inside and outside
reads_from_replica, in and out of a transaction, and while a decorated view's streamed response is sent after the
view has returned; then an export, streamed and as a job, through a real second connection to the database."""

from __future__ import annotations

import types

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baodi_care.core import replica
from baodi_care.core.replica import ReplicaRouter, reads_from_replica
from institutions.models import Institution
from supervision.exports.views import ExportView, StatisticsExportView
from supervision.opendata import views as opendata_views
from supervision.statistics.views import DashboardDownloadView, DashboardView

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


@pytest.mark.django_db(transaction=True)
def test_reads_go_to_the_replica_only_inside_the_context(with_replica):
    assert router.db_for_read(Institution) == "default"
    with reads_from_replica():
        assert router.db_for_read(Institution) == "replica"
        assert router.db_for_write(Institution) == "default"
        with transaction.atomic():  # a service's own reads see its writes
            assert router.db_for_read(Institution) == "default"
    assert router.db_for_read(Institution) == "default"


@pytest.mark.django_db(transaction=True)
def test_without_a_replica_everything_reads_from_default():
    with reads_from_replica():
        assert router.db_for_read(Institution) == "default"


@pytest.mark.django_db(transaction=True)
def test_a_streamed_response_reads_from_the_replica_while_it_is_sent(with_replica):
    seen = []

    def rows():
        for _ in range(3):
            seen.append(router.db_for_read(Institution))
            yield b"x"

    @reads_from_replica()
    def view(request):
        return StreamingHttpResponse(rows())

    response = view(None)
    assert seen == []  # nothing read yet: the body is made as it is sent
    assert b"".join(response.streaming_content) == b"xxx"
    assert seen == ["replica"] * 3
    assert router.db_for_read(Institution) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "institutions") is True
    assert router.allow_migrate("replica", "institutions") is False


@pytest.mark.parametrize(
    "view",
    [
        ExportView.get,
        StatisticsExportView.get,
        DashboardView.get,
        DashboardDownloadView.get,
        opendata_views.register_csv,
        opendata_views.register_json,
    ],
)
def test_reports_and_exports_read_from_the_replica(view):
    assert view.__code__ is reads_from_replica()(lambda: None).__code__


# --- Through a real second connection -----------------------------------------------------------------------------


@pytest.fixture
def real_replica(transactional_db, settings, monkeypatch, django_db_blocker):
    """A second connection, alias "replica", to the test database (what a streaming replica holds, without lag),
    with the router installed as DATABASE_REPLICA_URL would: what it runs is what the replica would be asked."""
    connections.settings[replica.REPLICA] = {**connections[DEFAULT_DB_ALIAS].settings_dict}
    settings.DATABASE_ROUTERS = ["baodi_care.core.replica.ReplicaRouter"]
    second = connections[replica.REPLICA]
    # Django's test case and pytest-django refuse connections to aliases they did not set up; this one is the
    # test's own, so it connects with the real method (the one pytest-django keeps aside).
    connect = django_db_blocker._real_ensure_connection
    monkeypatch.setattr(second, "ensure_connection", types.MethodType(connect, second))
    try:
        yield second
    finally:
        connections[replica.REPLICA].close()
        delattr(connections._connections, replica.REPLICA)
        del connections.settings[replica.REPLICA]


def _tables(queries) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries if query["sql"].lstrip().startswith("SELECT"))


def test_an_export_reads_its_rows_through_the_replica_connection(
    client, settings, monkeypatch, real_replica, official, haibin
):
    from baodi_care.jobs.models import Job
    from tests.builders.register import make_imported_institution

    for name in ("甲托育园", "乙托育园"):
        make_imported_institution(haibin, name=name)
    client.force_login(official)
    with CaptureQueriesContext(real_replica) as on_replica, CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(reverse("supervision:export_register"), {"format": "csv"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "甲托育园" in text and "乙托育园" in text
    assert '"institutions_institution"' in _tables(on_replica)
    assert '"institutions_institution"' not in _tables(primary)  # the session and the user: primary only

    # Now a job, queued by the request and run afterwards, outside it, as a worker runs it.
    from supervision.exports import tasks as export_tasks

    settings.EXPORT_BACKGROUND_ROWS = 1
    queued = []
    monkeypatch.setattr(export_tasks.make_export, "delay", queued.append)
    client.get(reverse("supervision:export_register"), {"format": "csv"})
    with CaptureQueriesContext(real_replica) as on_replica, CaptureQueriesContext(connections["default"]) as primary:
        export_tasks.make_export(*queued)
    job = Job.objects.get()
    assert (job.done, job.total) == (2, 2)
    assert '"institutions_institution"' in _tables(on_replica)
    assert '"institutions_institution"' not in _tables(primary)
    assert not any(q["sql"].lstrip().startswith(("UPDATE", "INSERT")) for q in on_replica.captured_queries)
