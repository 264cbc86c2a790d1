"""The register import's one write: the previewed plan applied all-or-nothing, with a record of the import."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from baodi_care.accounts.models import User
from institutions.imports.messages import IMPORT_CHANGED_MEANWHILE, IMPORT_HAS_ERRORS, IMPORT_NOT_ALLOWED
from institutions.imports.plan import CREATE, SKIP, UPDATE, plan_import
from institutions.imports.readers import read_table
from institutions.models import RegisterImport
from institutions.permissions import can_import_register
from institutions.register import services

# A job's progress is reported every this many rows written.
PROGRESS_EVERY = 100


@transaction.atomic
def run_import(
    *, data: bytes, file_name: str, by: User, progress: Callable[[int, int], None] | None = None
) -> RegisterImport:
    """Import a register file all-or-nothing, recording the import and a history entry on every row it touches;
    `progress(done, total)` hears how many rows were written (the background job's progress bar)."""
    if not can_import_register(by):
        raise PermissionDenied(IMPORT_NOT_ALLOWED)
    plan = plan_import(rows=read_table(data=data, file_name=file_name), by=by, lock=True)
    if plan.file_errors:
        raise ValidationError(plan.file_errors)
    if not plan.is_valid:
        raise ValidationError(IMPORT_HAS_ERRORS, params={"count": plan.error_count})
    record = RegisterImport.objects.create(
        file_name=Path(file_name).name[:200], sha256=hashlib.sha256(data).hexdigest(), imported_by=by
    )
    reason = f"register import #{record.pk}"
    total = len(plan.rows)
    for done, row in enumerate(plan.rows, 1):
        if row.action == CREATE:
            _institution, created = services.import_institution(
                by=by, status=row.status, classes=row.classes, reason=reason, **row.values
            )
            if not created:
                raise ValidationError(IMPORT_CHANGED_MEANWHILE, params={"uscc": row.uscc})
        elif row.action == UPDATE:
            services.import_update_institution(institution=row.institution, by=by, changes=row.values, reason=reason)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    counts = plan.counts
    record.created, record.updated, record.skipped = counts[CREATE], counts[UPDATE], counts[SKIP]
    record.save(update_fields=["created", "updated", "skipped"])
    return record
