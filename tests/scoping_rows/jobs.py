"""Rows of the background jobs' pages: each job is its requester's only (anyone else: 404)."""

from __future__ import annotations

from django.utils import timezone

from baodi_care.accounts.choices import Role
from supervision.exports.tasks import start_export_job
from supervision.exports.views import EXPORTS
from tests.scoping_support import STAFF, Row, at, scoped

# The job belongs to the official; the district roles open the pages but not this job.
NOT_THEIRS = {Role.COMMISSION: 404, Role.DEPARTMENT: 404}
DISTRICT = frozenset(NOT_THEIRS)


def extra_ctx(ctx: dict) -> dict:
    """A finished register export of the official's, and one of the other official's."""

    def job(user):
        return start_export_job(spec=EXPORTS["register"], by=user, fmt="csv", query="", today=timezone.localdate())

    return {"job": job(ctx["users"][Role.OFFICIAL]), "other_job": job(ctx["other_official"])}


ROWS = {
    "jobs:list": Row(url=at("jobs:list"), allowed=STAFF),
    "jobs:detail": scoped("jobs:detail", "job", "other_job", allowed=STAFF, overrides=NOT_THEIRS, narrow_for=DISTRICT),
    "jobs:download": scoped(
        "jobs:download", "job", "other_job", allowed=STAFF, overrides=NOT_THEIRS, narrow_for=DISTRICT
    ),
}
