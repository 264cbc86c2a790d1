"""Large exports as background jobs: the same rows and the same file as the request would stream.

The task gets the job's id only and builds the export again from what the job records: the requester (whose scope
it is), the export's key, the format, the page's query string and the date the export was asked for. So the rows,
their filters and order, the headers (in the requester's language) and the file name are those of the synchronous
export, written by the same baodi_care.core.spreadsheets writers.
"""

from __future__ import annotations

import datetime
import tempfile

from celery import shared_task
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.core import spreadsheets
from baodi_care.core.replica import reads_from_replica
from baodi_care.jobs.choices import JobKind
from baodi_care.jobs.models import Job
from baodi_care.jobs.runner import Outcome, Progress, run_job
from baodi_care.jobs.services import create_job

EXPORT_JOB_TITLE = _("%(export)s (%(format)s)")
EXPORT_JOB_FILTERS_INVALID = _("The export was not made: some filters could not be read.")
CONTENT_TYPES = {"csv": spreadsheets.CSV_CONTENT_TYPE, "xlsx": spreadsheets.XLSX_CONTENT_TYPE}


def start_export_job(*, spec, by, fmt: str, query: str, today: datetime.date) -> Job:
    """Queue the export `spec` for `by`, filtered by `query` (the page's query string without format and page)."""
    return create_job(
        by=by,
        kind=JobKind.EXPORT,
        title=EXPORT_JOB_TITLE % {"export": spec.title, "format": fmt.upper()},
        parameters={"export": spec.key, "format": fmt, "query": query, "today": today.isoformat()},
        back_url=reverse("supervision:export_list"),
        task=make_export,
    )


@shared_task(name="supervision.exports.make_export")
def make_export(job_id: int) -> None:
    run_job(job_id, _export)


def _export(job: Job, progress: Progress) -> Outcome:
    from supervision.exports.views import EXPORTS, export_filterset

    params = job.parameters
    spec = EXPORTS[params["export"]]
    user = job.requested_by
    if user.role not in spec.roles:
        raise PermissionDenied
    fmt = "xlsx" if params["format"] == "xlsx" else "csv"
    today = datetime.date.fromisoformat(params["today"])
    filterset = export_filterset(spec, user=user, params=QueryDict(params["query"]), today=today)
    if filterset.is_bound and not filterset.is_valid():
        raise ValidationError(EXPORT_JOB_FILTERS_INVALID)
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the runner closes it once stored
    # The rows come from the replica when there is one, as the synchronous export's do; the progress is written
    # to the primary (writes always are).
    with reads_from_replica():
        total = filterset.qs.count()
        table = spreadsheets.resource_table(spec.resource(today), spec.decorate(filterset.qs), title=spec.title)
        rows = progress.counting(table.rows, total)
        counted = spreadsheets.Table(headers=table.headers, rows=rows, title=table.title)
        if fmt == "xlsx":
            spreadsheets.write_xlsx([counted], target)
        else:
            for chunk in spreadsheets.csv_chunks(counted):
                target.write(chunk)
    target.seek(0)
    return Outcome(
        file=target,
        file_name=f"{spreadsheets.file_name(spec.key, today)}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        total=progress.job.done,
    )
