"""Audit rows are append-only (accounts/append_only.py): events of filings, rectifications and complaints,
documents and evidence, every history (inspections keep theirs there), axes's sign-in logs.

On every database the ORM refuses to save an existing row again or delete it, and nothing that is deleted
cascades into a trail. On PostgreSQL a trigger refuses UPDATE and DELETE whatever sends them; those tests are
skipped on SQLite, which has no such triggers.
"""

from __future__ import annotations

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction
from django.db.models import ProtectedError
from simple_history.models import HistoricalChanges

from baodi_care.accounts import append_only
from baodi_care.accounts.append_only import AppendOnly, AppendOnlyError
from institutions.filings import services as filings_services
from institutions.models import Document, FilingEvent
from supervision.inspections import services as inspections_services
from supervision.models import ComplaintEvent, EvidenceFile
from tests.builders.audit import make_audit_trail, protected_models
from tests.builders.files import png_upload
from tests.builders.filings import make_draft_filing
from tests.builders.inspections import make_draft_inspection

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only triggers are PostgreSQL's; SQLite has the ORM's refusal"
)

# Beside every history: the tables the issue names (inspections' trail is their history and their items').
AUDIT_TABLES = {
    "institutions.FilingEvent",
    "institutions.Document",
    "supervision.RectificationEvent",
    "supervision.ComplaintEvent",
    "supervision.EvidenceFile",
    "accounts.SignInRecord",  # axes's AccessLog
    "accounts.FailedSignInRecord",  # axes's AccessFailureLog
}


def history_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if issubclass(model, HistoricalChanges)]


@pytest.fixture
def trail(institution, operator, official, commission):
    return make_audit_trail(institution, operator, official, commission)


def refused(sql: str, params: list) -> bool:
    """Whether the database refuses the statement with the append-only trigger's error (in a savepoint)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        return "pgtrigger: Cannot" in str(error)
    return False


def a_row(model: type[models.Model]) -> models.Model | None:
    return model._meta.concrete_model._base_manager.order_by("pk").first()


def a_text_column(model: type[models.Model]) -> str:
    """A text column of the table that is not one of those that may be filled in once."""
    settable = getattr(model, "settable_once", ()) or ("logout_time",)
    field = next(
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField)) and not f.primary_key and f.name not in settable
    )
    return field.column


def test_every_event_upload_sign_in_log_and_history_is_append_only():
    labels = {model._meta.label for model in protected_models()}
    histories = history_models()
    assert len(histories) >= 17
    assert AUDIT_TABLES | {model._meta.label for model in histories} <= labels
    assert all(issubclass(model, AppendOnly) for model in histories)


# --- The ORM, on every database ---


def test_the_orm_refuses_to_save_again_or_delete_an_event_a_document_or_evidence(trail):
    for label in ("institutions.FilingEvent", "supervision.RectificationEvent", "supervision.ComplaintEvent"):
        event = trail[label]
        event.note = "改写的记录"
        with pytest.raises(AppendOnlyError):
            event.save()
        with pytest.raises(AppendOnlyError):
            event.delete()
        with pytest.raises(AppendOnlyError):
            type(event).objects.filter(pk=event.pk).update(note="改写的记录")
        with pytest.raises(AppendOnlyError):
            type(event).objects.filter(pk=event.pk).delete()
        assert type(event).objects.get(pk=event.pk).note != "改写的记录"
    for label in ("institutions.Document", "supervision.EvidenceFile"):
        upload = trail[label]
        upload.sha256 = "0" * 64
        with pytest.raises(AppendOnlyError):
            upload.save()
        with pytest.raises(AppendOnlyError):
            upload.delete()
        assert type(upload).objects.get(pk=upload.pk).sha256 != "0" * 64


def test_the_orm_refuses_to_rewrite_or_delete_history(trail, institution):
    entry = institution.history.earliest()
    entry.name = "改写的历史"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        institution.history.update(history_change_reason="改写")
    with pytest.raises(AppendOnlyError):
        institution.history.all().delete()
    assert institution.history.earliest().name != "改写的历史"


def test_deleting_what_a_trail_records_is_refused_instead_of_cascading(trail):
    for label in ("institutions.FilingEvent", "supervision.RectificationEvent", "supervision.ComplaintEvent"):
        event = trail[label]
        subject = getattr(event, type(event).subject_field().name)
        with pytest.raises(ProtectedError):
            subject.delete()
        assert type(event).objects.filter(pk=event.pk).exists()


def test_a_document_notes_the_round_it_was_submitted_in_once(institution, operator):
    filing = make_draft_filing(institution, operator)
    document = filing.documents.first()
    assert document.submitted_in_round is None
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    document.refresh_from_db()
    assert document.submitted_in_round == 1
    assert Document.objects.filter(pk=document.pk).update(submitted_in_round=5) == 0  # set already: unchanged
    document.refresh_from_db()
    assert document.submitted_in_round == 1


def test_a_photo_goes_while_its_inspection_is_a_draft_and_stays_once_it_is_finished(trail, institution, official):
    check = make_draft_inspection(institution, official).checks.first()
    photo = inspections_services.add_inspection_photo(check=check, by=official, upload=png_upload())
    inspections_services.delete_inspection_photo(photo=photo, by=official)  # a wrong shot, before finishing
    assert not EvidenceFile.objects.filter(pk=photo.pk).exists()
    finished = EvidenceFile.objects.filter(item_check__isnull=False).get()
    with pytest.raises(AppendOnlyError):
        finished.delete()


def test_exempt_lets_through_only_the_models_it_names(trail):
    event, other = trail["institutions.FilingEvent"], trail["supervision.ComplaintEvent"]
    with append_only.exempt(FilingEvent):
        assert FilingEvent.objects.filter(pk=event.pk).update(note="按保留期限处理") == 1
        with pytest.raises(AppendOnlyError):
            ComplaintEvent.objects.filter(pk=other.pk).update(note="改写")
    with pytest.raises(AppendOnlyError):
        FilingEvent.objects.filter(pk=event.pk).update(note="再改")


# --- The database: PostgreSQL triggers ---


def rows_of_every_protected_table() -> tuple[list[str], list[tuple]]:
    """(labels of protected models without a row, [(model, quoted table, quoted pk column, row)]) for raw SQL."""
    missing, rows = [], []
    for model in protected_models():
        row = a_row(model)
        if row is None:
            missing.append(model._meta.label)
        else:
            quote = connection.ops.quote_name
            rows.append((model, quote(model._meta.db_table), quote(model._meta.pk.column), row))
    return missing, rows


@postgres_only
@pytest.mark.postgres
def test_raw_sql_cannot_update_any_audit_table(trail):
    missing, rows = rows_of_every_protected_table()
    accepted = []
    for model, table, pk, row in rows:
        column = connection.ops.quote_name(a_text_column(model))
        if not refused(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", ["x", row.pk]):  # noqa: S608
            accepted.append(f"{model._meta.label}.{column}")
        if not refused(f"UPDATE {table} SET {pk} = {pk} + 1000000 WHERE {pk} = %s", [row.pk]):  # noqa: S608
            accepted.append(f"{model._meta.label}.{pk}")
    assert (missing, accepted) == ([], [])


@postgres_only
@pytest.mark.postgres
def test_raw_sql_cannot_delete_from_any_audit_table(trail):
    missing, rows = rows_of_every_protected_table()
    accepted = []
    for model, table, pk, row in rows:
        if not refused(f"DELETE FROM {table} WHERE {pk} = %s", [row.pk]):  # noqa: S608
            accepted.append(model._meta.label)
    assert (missing, accepted) == ([], [])
    assert all(a_row(model) is not None for model in protected_models())


@postgres_only
@pytest.mark.postgres
def test_past_the_orm_the_database_still_refuses_to_save_or_delete_an_event(trail):
    event = trail["institutions.FilingEvent"]
    event.note = "绕过模型层"
    with pytest.raises(DatabaseError, match="pgtrigger: Cannot"), transaction.atomic():
        models.Model.save(event)  # what AppendOnly.save would have refused
    with pytest.raises(DatabaseError, match="pgtrigger: Cannot"), transaction.atomic():
        models.Model.delete(event)
    with pytest.raises(DatabaseError, match="pgtrigger: Cannot"), transaction.atomic():
        models.QuerySet.update(FilingEvent.objects.filter(pk=event.pk), note="绕过模型层")
    assert FilingEvent.objects.get(pk=event.pk).note != "绕过模型层"


@postgres_only
@pytest.mark.postgres
def test_axes_fills_in_the_logout_time_once_and_nothing_else_changes(trail):
    log = trail["axes.AccessLog"]
    assert log.logout_time is not None  # axes's own UPDATE on sign-out went through the trigger
    assert refused("UPDATE axes_accesslog SET logout_time = now() + interval '1 day' WHERE id = %s", [log.pk])
    assert refused("UPDATE axes_accesslog SET username = %s WHERE id = %s", ["someone-else", log.pk])
    assert AccessLog.objects.get(pk=log.pk).logout_time == log.logout_time


@postgres_only
@pytest.mark.postgres
def test_a_submitted_document_and_a_finished_inspections_photo_are_kept_by_the_database(trail):
    document = trail["institutions.Document"]
    assert refused("UPDATE institutions_document SET submitted_in_round = 7 WHERE id = %s", [document.pk])
    photo = EvidenceFile.objects.filter(item_check__isnull=False).get()
    assert refused("DELETE FROM supervision_evidencefile WHERE id = %s", [photo.pk])


@postgres_only
@pytest.mark.postgres
def test_exempt_lifts_the_trigger_of_the_models_it_names_only(trail):
    event, other = trail["institutions.FilingEvent"], trail["supervision.ComplaintEvent"]
    with append_only.exempt(FilingEvent):
        assert not refused("UPDATE institutions_filingevent SET note = %s WHERE id = %s", ["保留期限", event.pk])
        assert refused("UPDATE supervision_complaintevent SET note = %s WHERE id = %s", ["改写", other.pk])
    assert refused("UPDATE institutions_filingevent SET note = %s WHERE id = %s", ["再改", event.pk])
