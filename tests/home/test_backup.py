"""manage.py backup / restore: a backup restored into an empty database and media root matches what was backed up
(row counts, the latest event rows, every stored file's sha256); a damaged backup, or a target in use, is refused;
the rotation keeps the newest N. On PostgreSQL the restore goes into a database of its own (createdb/dropdb)."""

import json
import subprocess
import uuid
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from baodi_care.home import backup
from institutions.models import FilingEvent
from tests.builders.filings import make_submitted_filing

pytestmark = pytest.mark.django_db(transaction=True)
PG = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]


@pytest.fixture
def data(institution, operator, settings):
    """A submitted filing: its documents stored under MEDIA_ROOT, its events and the security log written."""
    filing = make_submitted_filing(institution, operator)
    assert list(settings.MEDIA_ROOT.rglob("*.pdf"))
    return filing


@pytest.fixture
def target_url(tmp_path):
    """An empty database to restore into: a SQLite file, or on PostgreSQL a database made for this test."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"baodi_restore_{uuid.uuid4().hex[:12]}"
    subprocess.run(["createdb", *PG, name], check=True)  # noqa: S603, S607 (PostgreSQL's own client)
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        subprocess.run(["dropdb", *PG, "--force", "--if-exists", name], check=False)  # noqa: S603, S607


def _backup(tmp_path, keep=3):
    call_command("backup", dest=tmp_path / "backups", keep=keep)
    (folder,) = backup.complete_backups(tmp_path / "backups")
    return folder


def test_restore_matches_the_backup(data, tmp_path, target_url, capsys):
    folder = _backup(tmp_path)
    assert folder.name.startswith("baodi-care-")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["row_counts"][FilingEvent._meta.db_table] == FilingEvent.objects.count()
    latest = FilingEvent.objects.order_by("-pk").first()
    assert manifest["latest_events"][FilingEvent._meta.db_table][0][0] == str(latest.pk)
    assert len(manifest["documents"]) == data.documents.count()
    assert "PASSWORD" not in json.dumps(manifest).upper()

    restored = tmp_path / "restored-media"
    call_command("restore", folder, database_url=target_url, media_root=restored)
    out = capsys.readouterr().out
    assert "OK: the restore matches the backup." in out
    assert f"stored files: {data.documents.count()}" in out
    for name, described in manifest["documents"].items():
        assert backup.sha256(restored / name) == described["sha256"]
    target = backup.Database(target_url)
    try:
        assert backup.row_counts(target) == manifest["row_counts"]
        assert backup.latest_events(target) == manifest["latest_events"]
        (count,) = target.query(f"SELECT COUNT(*) FROM {FilingEvent._meta.db_table}")[0]  # noqa: S608
        assert count == FilingEvent.objects.count()
    finally:
        target.close()


@pytest.mark.parametrize("damaged", ["database.dump", "media.tar"])
def test_a_flipped_byte_is_refused_naming_the_file(data, tmp_path, target_url, damaged):
    folder = _backup(tmp_path)
    path = folder / damaged
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))
    with pytest.raises(CommandError, match=f"{damaged} is damaged"):
        call_command("restore", folder, verify_only=True)
    with pytest.raises(CommandError, match=f"{damaged} is damaged"):
        call_command("restore", folder, database_url=target_url, media_root=tmp_path / "m")
    assert not (tmp_path / "m").exists()


def test_a_database_in_use_is_refused(data, tmp_path, settings):
    folder = _backup(tmp_path)
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", folder, media_root=tmp_path / "empty")


def test_a_media_root_in_use_is_refused(data, tmp_path, target_url, settings):
    folder = _backup(tmp_path)
    with pytest.raises(CommandError, match=r"media root .* is not empty"):
        call_command("restore", folder, database_url=target_url, media_root=settings.MEDIA_ROOT)


def test_rotation_keeps_the_newest_complete_backups(db, tmp_path):
    dest = tmp_path / "backups"
    dest.mkdir()
    (dest / ".baodi-care-20260101-000000.partial").mkdir()  # a backup cut off half-way: never counted
    for day in (1, 2, 3):
        backup.create_backup(dest, keep=2, now=datetime(2026, 1, day, 2, 30, tzinfo=UTC))
    assert [p.name for p in backup.complete_backups(dest)] == [
        "baodi-care-20260102-023000",
        "baodi-care-20260103-023000",
    ]


def test_a_restore_that_differs_from_the_manifest_fails(data, tmp_path, target_url):
    """The checks after the restore: a table whose count is not the manifest's fails the command, naming it."""
    folder = _backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    table = FilingEvent._meta.db_table
    manifest["row_counts"][table] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "SHA256SUMS").write_text(
        "".join(f"{backup.sha256(folder / name)}  {name}\n" for name in ("database.dump", "media.tar", "manifest.json"))
    )
    with pytest.raises(CommandError, match=f"table {table}: {manifest['row_counts'][table] - 1} rows"):
        call_command("restore", folder, database_url=target_url, media_root=tmp_path / "restored")
