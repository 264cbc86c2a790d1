"""The open data files kept in storage: sent as stored until the register changes, then written again."""

from __future__ import annotations

import json

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision.models import OpenDataFile
from supervision.opendata import files
from supervision.statistics import snapshots
from tests.builders.register import make_imported_institution

pytestmark = pytest.mark.django_db

JSON = "open_data:register_json"


def body(response) -> bytes:
    return b"".join(response.streaming_content)  # the test client closes the response at the end


def names(data: bytes) -> list[str]:
    return sorted(i["name"] for i in json.loads(data)["institutions"])


@pytest.fixture
def worker(settings, monkeypatch):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/13"
    queued = []
    monkeypatch.setattr(snapshots, "queue_refresh", lambda: queued.append(1))
    return queued


def test_the_second_request_gets_the_stored_file_in_one_query(client, haibin):
    make_imported_institution(haibin, name="第一托育园")
    first = body(client.get(reverse(JSON)))
    kept = OpenDataFile.objects.get()
    assert default_storage.exists(kept.path) and kept.size == len(first)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(JSON))
        second = body(response)
    assert isinstance(response, FileResponse)
    assert len(queries) == 1
    assert second == first
    assert response["Content-Disposition"].endswith('filename="baodi-childcare-register.json"')
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_change_of_the_register_writes_the_file_again(client, haibin):
    make_imported_institution(haibin, name="第一托育园")
    body(client.get(reverse(JSON)))
    old = OpenDataFile.objects.get().path
    make_imported_institution(haibin, name="第二托育园")
    assert OpenDataFile.objects.get().stale_since is not None
    assert names(body(client.get(reverse(JSON)))) == ["第一托育园", "第二托育园"]
    kept = OpenDataFile.objects.get()
    assert kept.stale_since is None and kept.path != old
    assert not default_storage.exists(old)


def test_csv_and_json_are_kept_apart(client, haibin):
    make_imported_institution(haibin)
    body(client.get(reverse(JSON)))
    csv = body(client.get(reverse("open_data:register_csv")))
    assert csv.startswith(b"\xef\xbb\xbfid,")
    assert sorted(OpenDataFile.objects.values_list("kind", flat=True)) == ["csv", "json"]
    assert body(client.get(reverse("open_data:register_csv"))) == csv


def test_a_visitor_who_leaves_early_leaves_nothing_stored(haibin):
    for _ in range(3):
        make_imported_institution(haibin)
    stream = files._kept_as_sent("json", "http://testserver", "http://testserver/open-data/")
    next(stream)
    stream.close()  # what the server does with the response's iterator when the visitor goes away
    assert not OpenDataFile.objects.exists()


def test_with_a_worker_the_stale_file_is_sent_until_the_refresh_writes_it(client, haibin, worker):
    make_imported_institution(haibin, name="第一托育园")
    body(client.get(reverse(JSON)))
    make_imported_institution(haibin, name="第二托育园")
    assert names(body(client.get(reverse(JSON)))) == ["第一托育园"]
    assert worker  # a refresh was queued
    snapshots.refresh_snapshots()
    assert OpenDataFile.objects.get().stale_since is None
    assert names(body(client.get(reverse(JSON)))) == ["第一托育园", "第二托育园"]


def test_a_change_while_the_file_is_written_leaves_it_stale(client, haibin, monkeypatch):
    make_imported_institution(haibin)
    body(client.get(reverse(JSON)))
    OpenDataFile.objects.update(stale_since=timezone.now())
    writing = files.KINDS["json"].chunks

    def changed_meanwhile(base, documentation):
        yield from writing(base, documentation)
        OpenDataFile.objects.update(stale_since=timezone.now())

    monkeypatch.setitem(files.KINDS, "json", files.Kind("x.json", "application/json", changed_meanwhile))
    body(client.get(reverse(JSON)))
    assert OpenDataFile.objects.get().stale_since is not None


def test_a_file_missing_from_storage_is_written_again(client, haibin):
    make_imported_institution(haibin, name="第一托育园")
    body(client.get(reverse(JSON)))
    default_storage.delete(OpenDataFile.objects.get().path)
    assert names(body(client.get(reverse(JSON)))) == ["第一托育园"]
    assert default_storage.exists(OpenDataFile.objects.get().path)
