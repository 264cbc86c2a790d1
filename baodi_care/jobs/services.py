"""Every write to a job: created and queued by a view, run by a task (runner.py), its result kept then deleted."""

from __future__ import annotations

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation

from baodi_care.accounts.models import User
from baodi_care.jobs.choices import JobKind, JobStatus
from baodi_care.jobs.models import Job

logger = logging.getLogger(__name__)

PROGRESS_CACHE_SECONDS = 24 * 3600


def progress_key(job_id: int) -> str:
    return f"jobs:progress:{job_id}"


def create_job(*, by: User, kind: JobKind, title: str, parameters: dict, back_url: str = "", task) -> Job:
    """Record a job asked for by `by` and queue `task(job_id)`: on the worker once the row is committed, or (no
    broker) at once in this process, so the job is finished when the caller redirects to its page."""
    job = Job(
        requested_by=by,
        kind=kind,
        title=str(title)[:200],
        parameters=parameters,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        back_url=back_url,
    )
    job.full_clean()
    job.save()
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.delay(job.pk)
    else:
        # The worker must find the row: queue only after the transaction that made it commits.
        transaction.on_commit(partial(task.delay, job.pk))
    job.refresh_from_db()
    return job


def start_job(*, job_id: int) -> Job | None:
    """Mark a queued job running; None when it is finished already (a task delivered twice runs once)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        job.status, job.started_at, job.done = JobStatus.RUNNING, timezone.now(), 0
        job.save(update_fields=["status", "started_at", "done"])
    return job


def report_progress(*, job: Job, done: int, total: int) -> None:
    """How far the job got. Kept in the cache, which the page reads while the job runs: a job working inside one
    transaction (the all-or-nothing import) could not show a row's update to anyone before it commits. Written to
    the row too when no transaction is open."""
    job.done, job.total = done, total
    cache.set(progress_key(job.pk), (done, total), PROGRESS_CACHE_SECONDS)
    if not transaction.get_connection().in_atomic_block:
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(done=done, total=total)


def finish_job(
    *, job: Job, message: str = "", file=None, file_name: str = "", content_type: str = "", total: int | None = None
) -> Job:
    """The job done: its message, and its result file (kept JOB_RESULT_HOURS) in the default storage."""
    now = timezone.now()
    if total is not None:
        job.total = total
    job.status, job.done, job.message, job.finished_at = JobStatus.DONE, job.total, str(message), now
    if file is not None:
        job.result.save(file_name, File(file, name=file_name), save=False)
        job.result_name, job.result_content_type = file_name[:200], content_type
        job.expires_at = now + datetime.timedelta(hours=settings.JOB_RESULT_HOURS)
    job.save()
    cache.delete(progress_key(job.pk))
    return job


def fail_job(*, job_id: int, message: str) -> None:
    """The job failed: why, in words for its requester (the traceback goes to the log)."""
    Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, message=str(message), finished_at=timezone.now())
    cache.delete(progress_key(job_id))


def delete_expired_results(*, now: datetime.datetime | None = None) -> int:
    """Delete the result files of jobs past their expiry; the rows stay, as the record that the file was made."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(expires_at__lte=now).exclude(result=""):
        job.result.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result="")
        count += 1
    if count:
        logger.info("Deleted %s expired job result file(s)", count)
    return count
