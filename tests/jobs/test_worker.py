"""One job through a real Celery worker and the local Redis: the export the request queued is made by the worker
(`celery -A baodi_care worker --pool=solo`, a subprocess) against the same database, and is the file the request
would have streamed.

The worker needs the rows committed (transactional_db) in a database it can open: on PostgreSQL the test database
itself; on SQLite (an in-memory test database) a file copy of it, taken once the job's row is written. Without Redis
the test is skipped, loudly; BAODI_REQUIRE_REDIS=1 makes that a failure.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import AlwaysEagerIgnored
from django.conf import settings
from django.db import connection
from django.urls import reverse

from baodi_care.celery import app
from baodi_care.jobs.choices import JobStatus
from baodi_care.jobs.models import Job
from supervision.exports import tasks as export_tasks
from tests.builders.register import make_imported_institution

pytestmark = pytest.mark.celery_worker

BROKER = "redis://127.0.0.1:6379/14"
REQUIRE_ENV = "BAODI_REQUIRE_REDIS"
VENV = Path(sys.prefix)
READY_SECONDS = 60
DONE_SECONDS = 60


def _fail_or_skip(why: str):
    if os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"Celery worker test: {why} and {REQUIRE_ENV} is set", pytrace=False)
    pytest.skip(f"CELERY WORKER TEST NOT RUN: {why} (set {REQUIRE_ENV}=1 to make this a failure)")


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(BROKER)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        _fail_or_skip(f"no Redis at {BROKER}")
    client.flushdb()
    yield client
    client.flushdb()


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """The worker's DATABASE_URL, and on SQLite the file the test database was copied to."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] or "postgres"
        return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}", None
    copy = tmp_path / "worker.sqlite3"
    target = sqlite3.connect(copy)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}", copy


def _start_worker(database_url: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "CELERY_BROKER_URL": BROKER,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "test-only-not-secret",
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_CONN_MAX_AGE": "0",
    }
    command = [str(VENV / "bin" / "celery"), "-A", "baodi_care", "worker", "--pool=solo", "--loglevel=INFO"]
    command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    out = log.open("w")
    worker = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if "ready." in log.read_text():
            return worker
        if worker.poll() is not None:
            break
        time.sleep(0.2)
    worker.terminate()
    worker.wait(10)
    pytest.fail(f"the worker did not start:\n{log.read_text()}")


def _status(job_id: int, copy: Path | None) -> str:
    if copy is None:
        return Job.objects.get(pk=job_id).status
    with sqlite3.connect(copy) as db:
        (status,) = db.execute("SELECT status FROM jobs_job WHERE id = ?", [job_id]).fetchone()
    return status


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_export(client, settings, broker, official, operator, haibin, tmp_path):
    for _ in range(4):
        make_imported_institution(haibin, operator=operator)
    client.force_login(official)
    url = reverse("supervision:export_register")
    synchronous = b"".join(client.get(url, {"format": "csv"}).streaming_content)

    settings.EXPORT_BACKGROUND_ROWS = 2
    with mock.patch.object(export_tasks.make_export, "delay") as queued:  # sent below, through Redis
        response = client.get(url, {"format": "csv"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    queued.assert_called_once_with(job.pk)
    assert job.status == JobStatus.QUEUED

    database_url, copy = _database_url(tmp_path)
    log = tmp_path / "worker.log"
    worker = _start_worker(database_url, log)
    try:
        # send_task warns that the tests' eager setting does not apply to it: here that is the point.
        with app.connection_for_write(BROKER) as conn, warnings.catch_warnings():
            warnings.simplefilter("ignore", AlwaysEagerIgnored)
            app.send_task("supervision.exports.make_export", args=[job.pk], connection=conn)
        deadline = time.monotonic() + DONE_SECONDS
        while _status(job.pk, copy) not in (JobStatus.DONE, JobStatus.FAILED) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert _status(job.pk, copy) == JobStatus.DONE, log.read_text()
    finally:
        worker.terminate()
        worker.wait(20)

    if copy is None:  # the test database is the worker's: the page and the download work from here
        download = client.get(reverse("jobs:download", args=[job.pk]))
        assert b"".join(download.streaming_content) == synchronous
    else:
        with sqlite3.connect(copy) as db:
            (name,) = db.execute("SELECT result FROM jobs_job WHERE id = ?", [job.pk]).fetchone()
        assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == synchronous
    assert "supervision.exports.make_export" in log.read_text()
