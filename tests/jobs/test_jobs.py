"""Background jobs in eager mode (no broker, the tests' default): large exports and the register import run as jobs,
their page shows progress and the outcome, the file is the one the request would have sent, only to its requester,
and not after JOB_RESULT_HOURS; the beat tasks call their services."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import load_workbook

from baodi_care.jobs import tasks as job_tasks
from baodi_care.jobs.choices import JobKind, JobStatus
from baodi_care.jobs.models import Job
from baodi_care.jobs.runner import JOB_FAILED
from baodi_care.jobs.views import JOB_RESULT_EXPIRED
from institutions.imports import stash as imports_stash
from institutions.models import Institution, RegisterImport
from tests.builders.register import make_imported_institution
from tests.institutions.imports.register_files import bad_file, sample


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def register_rows(operator, haibin):
    """Five institutions on the register of 海滨街道."""
    return [make_imported_institution(haibin, operator=operator) for _ in range(5)]


def export(client, fmt: str = "csv", **params):
    return client.get(reverse("supervision:export_register"), {"format": fmt, **params})


# --- Large exports ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_export_is_a_job_whose_file_is_the_streamed_export(client, settings, official, register_rows, fmt):
    client.force_login(official)
    synchronous = export(client, fmt, sort="name")
    assert synchronous.status_code == 200

    settings.EXPORT_BACKGROUND_ROWS = 3
    response = export(client, fmt, sort="name")
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.done, job.total) == (JobKind.EXPORT, JobStatus.DONE, 5, 5)

    page = client.get(response["Location"]).content.decode()
    assert 'aria-live="polite"' in page and "<progress" in page and 'value="100"' in page
    assert 'hx-trigger="every 2s"' not in page  # done: no more polling
    assert reverse("jobs:download", args=[job.pk]) in page

    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == synchronous["Content-Type"]
    assert download["Content-Disposition"] == synchronous["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
    if fmt == "csv":
        assert body(download) == body(synchronous)
    else:  # a workbook records when it was written; its cells are the same
        assert _cells(body(download)) == _cells(body(synchronous))


def _cells(data: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def test_the_job_keeps_the_exports_scope_and_filters(client, settings, official, register_rows, baoping, operator):
    make_imported_institution(baoping, operator=operator)  # another jurisdiction: not the official's
    client.force_login(official)
    settings.EXPORT_BACKGROUND_ROWS = 1
    kept = register_rows[0]
    response = export(client, "csv", q=kept.name)
    assert response.status_code == 200  # one row: under the threshold, streamed
    settings.EXPORT_BACKGROUND_ROWS = 0
    export(client, "csv", q=kept.name)
    text = body(client.get(reverse("jobs:download", args=[Job.objects.get().pk]))).decode("utf-8-sig")
    assert kept.name in text and all(other.name not in text for other in register_rows[1:])
    export(client, "csv")
    job = Job.objects.first()
    assert job.total == 5  # the official's five, not the other jurisdiction's


def test_small_exports_still_stream(client, official, register_rows):
    client.force_login(official)
    assert export(client).status_code == 200
    assert not Job.objects.exists()


def test_another_user_gets_a_404_for_my_job(client, settings, official, commission, register_rows):
    settings.EXPORT_BACKGROUND_ROWS = 0
    client.force_login(official)
    export(client)
    job = Job.objects.get()
    client.force_login(commission)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert job.title not in client.get(reverse("jobs:list")).content.decode()


def test_an_expired_result_is_not_sent_and_its_file_is_deleted(client, settings, official, register_rows):
    settings.EXPORT_BACKGROUND_ROWS = 0
    client.force_login(official)
    export(client)
    job = Job.objects.get()
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=settings.JOB_RESULT_HOURS)
    stored = Path(job.result.path)
    assert stored.exists()

    # JOB_RESULT_HOURS later (the clock moved on, as the row's expiry says).
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("jobs:download", args=[job.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("jobs:detail", args=[job.pk])
    assert str(JOB_RESULT_EXPIRED) in response.content.decode()
    assert reverse("jobs:download", args=[job.pk]) not in response.content.decode()

    assert job_tasks.delete_expired_results.apply().get() == 1
    assert not stored.exists()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and not job.result  # the record stays


def test_the_list_shows_my_jobs(client, settings, official, register_rows):
    client.force_login(official)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("jobs:list")}" id="nav-jobs"' in home  # in the menu, under 统计
    assert 'id="no-jobs"' in client.get(reverse("jobs:list")).content.decode()
    settings.EXPORT_BACKGROUND_ROWS = 0
    export(client)
    page = client.get(reverse("jobs:list")).content.decode()
    job = Job.objects.get()
    assert job.title in page and reverse("jobs:download", args=[job.pk]) in page


def test_a_failing_job_shows_a_message_and_no_traceback(client, settings, official, register_rows, monkeypatch):
    from supervision.exports import tasks as export_tasks

    def broken(*args, **kwargs):
        raise RuntimeError("boom: secret detail")

    monkeypatch.setattr(export_tasks.spreadsheets, "csv_chunks", broken)
    settings.EXPORT_BACKGROUND_ROWS = 0
    client.force_login(official)
    response = export(client)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    html = client.get(response["Location"]).content.decode()
    with translation.override(job.language):
        assert job.message == str(JOB_FAILED)
    assert escape(job.message) in html and "boom" not in html and "Traceback" not in html


def _page(client, user, job) -> str:
    client.force_login(user)
    return client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_a_running_job_is_polled(client, official):
    from baodi_care.jobs import services

    # Queued for a worker that has not finished it: the worker's side (start, progress) through the services.
    queued = SimpleNamespace(delay=lambda job_id: None)
    job = services.create_job(by=official, kind=JobKind.EXPORT, title="t", parameters={}, task=queued)
    assert 'hx-trigger="every 2s"' in _page(client, official, job)
    services.start_job(job_id=job.pk)
    job.refresh_from_db()
    services.report_progress(job=job, done=40, total=100)
    page = _page(client, official, job)
    assert 'hx-trigger="every 2s"' in page and 'value="40"' in page
    part = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith("<div") or 'id="job-status"' in part
    assert "<html" not in part and 'value="40"' in part


# --- The register import ------------------------------------------------------------------------------------------


def upload(client, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("institutions:import"), {"file": SimpleUploadedFile(name, data)})


def test_the_confirmed_import_runs_as_a_job(client, commission):
    client.force_login(commission)
    upload(client, "sample_register.csv", sample("sample_register.csv"))
    pending = client.session[imports_stash.SESSION_KEY]
    stored = Path(settings.MEDIA_ROOT) / "imports" / pending["path"]
    response = client.post(reverse("institutions:import_confirm"), {"sha256": pending["sha256"]})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.done, job.total) == (JobKind.REGISTER_IMPORT, JobStatus.DONE, 10, 10)
    assert Institution.objects.count() == 10 and RegisterImport.objects.get().created == 10
    assert not stored.exists()
    page = client.get(response["Location"]).content.decode()
    assert "sample_register.csv" in page and "10" in job.message
    assert reverse("institutions:import") in page


def test_an_import_with_errors_fails_as_a_job_with_its_reason(client, commission):
    client.force_login(commission)
    upload(client, "bad.csv", bad_file())
    sha = client.session[imports_stash.SESSION_KEY]["sha256"]
    response = client.post(reverse("institutions:import_confirm"), {"sha256": sha}, follow=True)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.message
    assert escape(job.message) in response.content.decode()
    assert Institution.objects.count() == 0


# --- The beat's tasks -------------------------------------------------------------------------------------------


def test_the_reminders_task_runs_the_reminders_service(monkeypatch):
    from supervision.reminders import tasks

    calls = []
    monkeypatch.setattr(tasks, "send_due_reminders", lambda today: calls.append(today) or {"certificate": 0})
    assert tasks.send_reminders.apply().get() == {"certificate": 0}
    assert calls == [timezone.localdate()]


def test_the_dashboard_task_refreshes_the_snapshots(monkeypatch, db):
    snapshots = pytest.importorskip(
        "supervision.statistics.snapshots", reason="supervision/statistics/snapshots.py not written yet"
    )
    from supervision.statistics import tasks

    monkeypatch.setattr(snapshots, "refresh_snapshots", lambda: 7)
    assert tasks.refresh_dashboard.apply().get() == 7


def test_the_beat_schedule_names_registered_tasks():
    from baodi_care.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
    assert settings.CELERY_BEAT_SCHEDULE["send-reminders"]["schedule"].minute == {5}


def test_ping():
    from baodi_care.celery import ping

    assert ping.apply().get() == "pong"
