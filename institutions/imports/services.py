"""The register import's writes: the previewed plan applied in one transaction (all rows, or the valid ones with
the refused left out), with a record of the import; and the column mapping a clerk confirmed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from baodi_care.accounts.models import User
from institutions.imports.mapping import field_choices, signature
from institutions.imports.messages import (
    IMPORT_CHANGED_MEANWHILE,
    IMPORT_HAS_ERRORS,
    IMPORT_NOT_ALLOWED,
    IMPORT_NOTHING_VALID,
)
from institutions.imports.plan import CREATE, ERROR, SKIP, UPDATE, PlannedRow, plan_import
from institutions.imports.readers import read_table
from institutions.models import ColumnMapping, Institution, RegisterImport, Registration
from institutions.permissions import can_import_register
from institutions.register import services

# A job's progress is reported every this many rows written.
PROGRESS_EVERY = 100


@transaction.atomic
def run_import(
    *,
    data: bytes,
    file_name: str,
    by: User,
    mapping: dict[str, str] | None = None,
    valid_rows_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> RegisterImport:
    """Import a register file in one transaction, recording the import and a history entry on every row it touches.

    With refused rows in the file nothing is imported, unless `valid_rows_only`: then the valid rows are, and the
    refused ones are counted and left out. A row is written whole or not at all. `mapping` is the clerk's choice
    of columns (header → field); `progress(done, total)` hears how many rows were written."""
    if not can_import_register(by):
        raise PermissionDenied(IMPORT_NOT_ALLOWED)
    plan = plan_import(rows=read_table(data=data, file_name=file_name), by=by, lock=True, mapping=mapping)
    if plan.file_errors:
        raise ValidationError(plan.file_errors)
    if plan.error_count and not valid_rows_only:
        raise ValidationError(IMPORT_HAS_ERRORS, params={"count": plan.error_count})
    if not plan.importable:
        raise ValidationError(IMPORT_NOTHING_VALID)
    record = RegisterImport.objects.create(
        file_name=Path(file_name).name[:200], sha256=hashlib.sha256(data).hexdigest(), imported_by=by
    )
    reason = f"register import #{record.pk}"
    total = len(plan.rows)
    for done, row in enumerate(plan.rows, 1):
        _write_row(row, by=by, reason=reason, record=record)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    counts = plan.counts
    record.created, record.updated, record.skipped = counts[CREATE], counts[UPDATE], counts[SKIP]
    record.refused = counts[ERROR]
    record.save(update_fields=["created", "updated", "skipped", "refused"])
    return record


def _write_row(row: PlannedRow, *, by: User, reason: str, record: RegisterImport) -> None:
    """One row: the institution, its classes and its registration record together (the caller's transaction)."""
    if row.action == CREATE:
        institution, created = services.import_institution(
            by=by, status=row.status, classes=row.classes, reason=reason, **row.values
        )
        if not created:
            raise ValidationError(IMPORT_CHANGED_MEANWHILE, params={"uscc": row.uscc})
    elif row.action == UPDATE:
        institution = row.institution
        if row.values:
            services.import_update_institution(institution=institution, by=by, changes=row.values, reason=reason)
    else:
        return
    if row.registration:
        _record_registration(institution, row.registration, record)


def _record_registration(institution: Institution, values: dict, record: RegisterImport) -> Registration:
    registration = Registration.objects.filter(institution=institution).first() or Registration(institution=institution)
    for name, value in values.items():
        setattr(registration, name, value if value is not None or name != "business_scope" else "")
    registration.source = record
    registration.full_clean(exclude=["institution"])
    registration.save()
    return registration


@transaction.atomic
def save_mapping(*, headers: list[str], mapping: dict[str, str], by: User) -> ColumnMapping:
    """Keep the clerk's column mapping for files with these headers (theirs; the district's when nobody else has
    one); a field that is not the register's is refused."""
    if not can_import_register(by):
        raise PermissionDenied(IMPORT_NOT_ALLOWED)
    known = {key for key, _label in field_choices()}
    cleaned = {header: (key if key in known else "") for header, key in mapping.items() if header in headers}
    saved, _created = ColumnMapping.objects.update_or_create(
        signature=signature(headers), saved_by=by, defaults={"headers": headers, "mapping": cleaned}
    )
    return saved
