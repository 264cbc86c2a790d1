"""The read replica's router: reports and exports read from the replica, everything else from the primary.

A second server is not needed to show where each read goes: the router's answers are checked with a replica
configured (replica_configured patched), inside and outside reads_from_replica, in and out of a transaction, and while
a decorated view's streamed response is sent after the view has returned."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import StreamingHttpResponse

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
