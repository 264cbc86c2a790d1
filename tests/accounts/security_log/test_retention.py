"""The security log is kept and cannot be erased: append-only in the ORM and the admin, on PostgreSQL by trigger
(no UPDATE; no DELETE of a row younger than 180 days), kept SECURITY_LOG_RETENTION_DAYS (at least 180: 网络安全法
Art. 21) and pruned past that by a command; writing it never breaks the user's request (ASVS 5.0 16.4.2, 16.5.3;
等保 三级 8.1.4.3 c/d)."""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.security_log.choices import SecurityAction as A
from baodi_care.accounts.security_log.models import AppendOnlyError, SecurityLog
from baodi_care.accounts.security_log.recorder import record, retention_days
from tests.builders.accounts import PASSWORD

pytestmark = pytest.mark.django_db

TABLE = SecurityLog._meta.db_table


def insert_row(days_ago: int, username: str = "old") -> int:
    """A row written `days_ago` days ago, inserted with plain SQL (as the portal has no way to backdate one)."""
    at = timezone.now() - datetime.timedelta(days=days_ago)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (at, username, address, action, outcome, object_type, object_id, object_label, "  # noqa: S608
            "path, detail) VALUES (%s, %s, '', 'sign_in', 'success', '', '', '', '', '')",
            [at, username],
        )
    return SecurityLog.objects.get(username=username).pk


def usernames() -> set[str]:
    return set(SecurityLog.objects.exclude(action=A.LOG_PRUNED).values_list("username", flat=True))


# --- Retention and the prune --------------------------------------------------------------------------------------


def test_rows_are_kept_180_days_by_default():
    assert django_settings.SECURITY_LOG_RETENTION_DAYS == 180 == retention_days()


def test_less_than_180_days_is_refused(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 90
    with pytest.raises(ImproperlyConfigured):
        retention_days()
    with pytest.raises(ImproperlyConfigured):
        call_command("prune_security_log")


def test_the_portal_does_not_start_with_less_than_180_days():
    env = {**os.environ, "DJANGO_SECRET_KEY": "t", "SECURITY_LOG_RETENTION_DAYS": "179"}
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "baodi_care.settings"}, capture_output=True, text=True, check=False,
        cwd=django_settings.BASE_DIR,
    )  # fmt: skip
    assert run.returncode != 0
    assert "SECURITY_LOG_RETENTION_DAYS must be at least 180" in run.stderr


def test_the_prune_deletes_only_rows_past_the_retention_and_is_logged_itself():
    insert_row(200, "old")
    insert_row(179, "recent")
    record(A.SIGN_IN, username="today")
    call_command("prune_security_log", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert usernames() == {"recent", "today"}
    (pruned,) = SecurityLog.objects.filter(action=A.LOG_PRUNED)
    assert pruned.detail.startswith("1 rows logged before")


def test_a_longer_retention_keeps_more(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 365
    insert_row(400, "very_old")
    insert_row(200, "old")
    call_command("prune_security_log", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert usernames() == {"old"}


# --- Append-only ---------------------------------------------------------------------------------------------------


def test_the_orm_refuses_to_change_or_delete_rows():
    entry = record(A.SIGN_IN, username="someone")
    entry.username = "someone else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        SecurityLog.objects.filter(pk=entry.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        SecurityLog.objects.all().delete()
    assert SecurityLog.objects.get(pk=entry.pk).username == "someone"


def test_the_security_log_is_not_in_the_django_admin():
    """The system administrator manages users and configuration; it neither reads nor erases the security log."""
    assert SecurityLog not in admin.site._registry


# --- Written in the request, never breaking it ---------------------------------------------------------------------


def test_each_entry_goes_to_the_python_logger_too(client, operator, caplog):
    with caplog.at_level(logging.INFO, logger="baodi_care.security"):
        client.post(reverse("accounts:login"), {"username": operator.username, "password": "wrong-password"})
    (line,) = [r for r in caplog.records if r.name == "baodi_care.security"]
    assert line.levelno == logging.WARNING
    assert "action=sign_in outcome=failure user=op_wang address=127.0.0.1" in line.getMessage()


def test_what_a_client_typed_cannot_forge_a_log_line(client, caplog):
    forged = "x\nat=2020-01-01 action=sign_in outcome=success user=admin"
    with caplog.at_level(logging.INFO, logger="baodi_care.security"):
        client.post(reverse("accounts:login"), {"username": forged, "password": "wrong-password"})
    (line,) = [r.getMessage() for r in caplog.records if r.name == "baodi_care.security"]
    assert "\n" not in line and ' outcome=failure user="x' in line
    assert 'user="x\\nat=2020-01-01 action=sign_in outcome=success user=admin"' in line
    assert line.startswith("at=") and "+00:00 " in line  # the time, in UTC with its offset
    assert SecurityLog.objects.get(action=A.SIGN_IN).username == forged  # the row keeps what was typed


def test_a_log_row_that_cannot_be_written_does_not_break_the_request(client, operator, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SecurityLog, "save", refuse)
    with caplog.at_level(logging.INFO, logger="baodi_care.security"):
        response = client.post(reverse("accounts:login"), {"username": operator.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert any("security log row not written" in r.getMessage() and "action=sign_in" in r.getMessage()
               for r in caplog.records)  # fmt: skip


def test_a_row_of_a_step_rolled_back_goes_with_it():
    """Written in the caller's transaction (a savepoint): a refused step leaves no row claiming it happened."""
    with pytest.raises(RuntimeError), transaction.atomic():
        record(A.ACCOUNT_DEACTIVATED, username="rolled-back")
        raise RuntimeError
    assert not SecurityLog.objects.filter(username="rolled-back").exists()


# --- PostgreSQL: the triggers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sql", [f"UPDATE {TABLE} SET username = 'x'", f"UPDATE {TABLE} SET detail = ''"])  # noqa: S608
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_on_postgresql_a_raw_update_is_refused(sql):
    insert_row(400, "old")
    record(A.SIGN_IN, username="fresh")
    with pytest.raises(DatabaseError, match="Cannot update"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert usernames() == {"old", "fresh"}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_on_postgresql_a_raw_delete_of_a_row_younger_than_180_days_is_refused():
    fresh = record(A.SIGN_IN, username="fresh").pk
    insert_row(170, "recent")
    for pk in (fresh, SecurityLog.objects.get(username="recent").pk):
        with pytest.raises(DatabaseError, match="Cannot delete"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [pk])  # noqa: S608
    assert usernames() == {"fresh", "recent"}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_on_postgresql_the_prune_of_an_old_row_works():
    insert_row(181, "old")
    record(A.SIGN_IN, username="fresh")
    call_command("prune_security_log", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert usernames() == {"fresh"}
    # and a plain DELETE of a row past 180 days is allowed by the trigger too (the prune is no back door)
    insert_row(300, "older")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE username = 'older'")  # noqa: S608
    assert usernames() == {"fresh"}


def test_the_portal_refuses_to_run_without_the_security_log_middleware(settings):
    """The audit process is not switched off by editing a setting (等保 三级 8.1.4.3 d)."""
    from django.core import checks

    assert not [m for m in checks.run_checks(tags=[checks.Tags.security]) if m.id == "accounts.E002"]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("SecurityLogMiddleware")]
    assert [m.id for m in checks.run_checks(tags=[checks.Tags.security]) if m.id == "accounts.E002"] == [
        "accounts.E002"
    ]
