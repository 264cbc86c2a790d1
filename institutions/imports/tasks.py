"""The confirmed register import as a background job (it can be 10,000 rows): the stashed file, imported by
services.run_import all-or-nothing with its progress; the outcome the import page used to show is the job's message."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.jobs.choices import JobKind
from baodi_care.jobs.models import Job
from baodi_care.jobs.runner import Outcome, Progress, run_job
from baodi_care.jobs.services import create_job
from institutions.imports.stash import discard_stash, load_stash

IMPORT_JOB_TITLE = _("Register import: %(file)s")
IMPORT_DONE = _(
    "Register imported from %(file)s: %(created)s created, %(updated)s updated, %(skipped)s unchanged, "
    "%(refused)s refused."
)


def start_import_job(*, pending: dict, by, valid_rows_only: bool = False) -> Job:
    """Queue the import of the stashed upload `pending` (the session's entry, checked against the preview), with
    the column mapping the preview used; `valid_rows_only`: the refused rows are left out."""
    return create_job(
        by=by,
        kind=JobKind.REGISTER_IMPORT,
        title=IMPORT_JOB_TITLE % {"file": pending["file_name"]},
        parameters={
            "stash": {key: pending[key] for key in ("path", "sha256", "file_name")},
            "mapping": pending.get("mapping"),
            "valid_rows_only": valid_rows_only,
        },
        back_url=reverse("institutions:import"),
        task=import_register,
    )


@shared_task(name="institutions.imports.import_register")
def import_register(job_id: int) -> None:
    run_job(job_id, _import)


def _import(job: Job, progress: Progress) -> Outcome:
    from institutions.imports.services import run_import

    entry = job.parameters["stash"]
    try:
        record = run_import(
            data=load_stash(entry),
            file_name=entry["file_name"],
            by=job.requested_by,
            mapping=job.parameters.get("mapping"),
            valid_rows_only=bool(job.parameters.get("valid_rows_only")),
            progress=progress,
        )
    finally:
        # Imported or not, the upload is not used again: a new try starts with a new upload and preview.
        discard_stash(entry)
    return Outcome(
        message=IMPORT_DONE
        % {
            "file": record.file_name,
            "created": record.created,
            "updated": record.updated,
            "skipped": record.skipped,
            "refused": record.refused,
        },
        total=record.created + record.updated + record.skipped,
    )
