"""How a task runs a job: marked running, the work done in the job's language with its progress reported, the
outcome kept; an error becomes a failed job with a message the requester can read (the traceback is logged)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baodi_care.jobs import services
from baodi_care.jobs.models import Job

logger = logging.getLogger(__name__)

JOB_FAILED = _("The job failed and nothing was saved. Try again; if it fails again, tell the portal's administrator.")
JOB_NOT_ALLOWED = _("Your account may no longer do this, so the job was not run.")
# Progress is written every this many rows (a write per row would cost more than the row).
PROGRESS_EVERY = 500


@dataclass
class Outcome:
    """What a job's work hands back: a message, and a result file (an open binary file) with its name and type."""

    message: str = ""
    file: object = None
    file_name: str = ""
    content_type: str = ""
    total: int | None = None


class Progress:
    """The work's way to say how far it got: progress(done, total), or counting(rows, total) around an iterator."""

    def __init__(self, job: Job, every: int = PROGRESS_EVERY):
        self.job, self.every = job, every

    def __call__(self, done: int, total: int) -> None:
        services.report_progress(job=self.job, done=done, total=total)

    def counting(self, items: Iterable, total: int) -> Iterator:
        self(0, total)
        done = 0
        for done, item in enumerate(items, 1):
            yield item
            if done % self.every == 0:
                self(done, total)
        self(done, max(total, done))


def run_job(job_id: int, work: Callable[[Job, Progress], Outcome]) -> None:
    """Run `work` for the job `job_id` once."""
    job = services.start_job(job_id=job_id)
    if job is None:
        return
    with translation.override(job.language):
        try:
            outcome = work(job, Progress(job))
        except (ValidationError, PermissionDenied) as exc:
            # The same reasons the request would have shown (an import's errors): the user can act on them.
            if isinstance(exc, ValidationError):
                message = " ".join(str(m) for m in exc.messages)
            else:
                message = str(JOB_NOT_ALLOWED)
            services.fail_job(job_id=job_id, message=message)
            return
        except Exception:
            logger.exception("Background job %s (%s) failed", job_id, job.kind)
            services.fail_job(job_id=job_id, message=str(JOB_FAILED))
            return
        try:
            services.finish_job(
                job=job,
                message=outcome.message,
                file=outcome.file,
                file_name=outcome.file_name,
                content_type=outcome.content_type,
                total=outcome.total,
            )
        finally:
            if outcome.file is not None:
                outcome.file.close()
