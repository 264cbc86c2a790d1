"""Reads of jobs: a user's own list, and the progress of a running one."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet

from baodi_care.jobs.choices import JobStatus
from baodi_care.jobs.models import Job


def jobs_of(*, user) -> QuerySet[Job]:
    """The user's own jobs, newest first."""
    return Job.objects.for_user(user).select_related("requested_by")


def with_progress(job: Job) -> Job:
    """The job with its latest progress: the cache's while it runs (services.report_progress), else the row's."""
    if job.status == JobStatus.RUNNING:
        latest = cache.get(f"jobs:progress:{job.pk}")
        if latest:
            job.done, job.total = latest
    return job
