"""Backup and restore (GB/T 22239-2019 8.1.4.9): the database and the stored documents in one dated folder.

A backup is `<dest>/baodi-care-YYYYMMDD-HHMMSS/` (UTC) holding `database.dump` (`pg_dump -Fc`, or on SQLite a
consistent copy through sqlite3's online backup API), `media.tar` (MEDIA_ROOT) and `manifest.json` (what the
restore checks: migration heads, row counts per table, the latest rows of the event and audit tables, the sha256
and size of every file and every stored document), plus `SHA256SUMS`. It is written under a hidden temporary name
and renamed at the end, so a half-written backup never looks complete. No secret ever goes into the manifest; the
PostgreSQL password reaches pg_dump/pg_restore through PGPASSWORD, never argv.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections, models, transaction
from django.db.migrations.loader import MigrationLoader

from baodi_care.accounts.append_only import AppendOnly
from baodi_care.accounts.security_log.models import SecurityLog

PREFIX = "baodi-care-"
NAME = re.compile(r"^baodi-care-\d{8}-\d{6}$")
DUMP, MEDIA, MANIFEST, SUMS = "database.dump", "media.tar", "manifest.json", "SHA256SUMS"
LATEST = 3  # rows of each event/audit table the manifest remembers


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and names the file."""


@dataclass
class Result:
    folder: Path
    problems: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- Connections ------------------------------------------------------------------------------------------------


def _pg_env(config: dict) -> dict[str, str]:
    """libpq's variables for a Django database config: the password stays out of argv."""
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if config.get(key):
            env[var] = str(config[key])
    env["PGDATABASE"] = config["NAME"]
    return env


class Database:
    """The database a backup reads or a restore writes, through a plain DB-API connection: Django's own for
    DATABASE_URL's database, or one opened here for `--database-url` (so Django's connections stay as they are)."""

    def __init__(self, database_url: str | None = None):
        if database_url:
            self.settings = dj_database_url.parse(database_url)
            self.django = None
        else:
            self.django = connections["default"]
            self.settings = self.django.settings_dict
        engine = self.settings["ENGINE"]
        self.vendor = "postgresql" if "postgresql" in engine else "sqlite" if "sqlite" in engine else engine
        self.name = str(self.settings["NAME"])
        self._raw = None

    def raw(self):
        if self.django is not None:
            self.django.ensure_connection()
            return self.django.connection
        if self._raw is None:
            if self.vendor == "postgresql":
                import psycopg2

                s = self.settings
                self._raw = psycopg2.connect(
                    dbname=s["NAME"], host=s.get("HOST") or None, port=s.get("PORT") or None,
                    user=s.get("USER") or None, password=s.get("PASSWORD") or None,
                )  # fmt: skip
                self._raw.autocommit = True
            else:
                self._raw = sqlite3.connect(self.name)
        return self._raw

    def query(self, sql: str) -> list[tuple]:
        if self.django is not None:
            with self.django.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else []
        cursor = self.raw().cursor()
        try:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else []
        finally:
            cursor.close()

    def tables(self) -> list[str]:
        if self.vendor == "postgresql":
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        return sorted(row[0] for row in self.query(sql))

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- What the manifest records ----------------------------------------------------------------------------------


def _event_models() -> list[type[models.Model]]:
    """The append-only tables (workflow events, uploads, history) and the security log."""
    return sorted(
        (m for m in apps.get_models() if issubclass(m, AppendOnly | SecurityLog)), key=lambda m: m._meta.db_table
    )


def row_counts(db: Database) -> dict[str, int]:
    return {table: db.query(f"SELECT COUNT(*) FROM {_q(table)}")[0][0] for table in db.tables()}  # noqa: S608


def latest_events(db: Database) -> dict[str, list[list[str]]]:
    latest = {}
    tables = set(db.tables())
    for model in _event_models():
        table = model._meta.db_table
        if table not in tables:
            continue
        pk = model._meta.pk.column
        stamp = next((f.column for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)), pk)
        rows = db.query(f"SELECT {_q(pk)}, {_q(stamp)} FROM {_q(table)} ORDER BY {_q(pk)} DESC LIMIT {LATEST}")  # noqa: S608
        latest[table] = [[str(pk_value), _stamp(value)] for pk_value, value in rows]
    return latest


def _stamp(value) -> str:
    if isinstance(value, str):  # SQLite without Django's converters
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.replace(tzinfo=UTC).isoformat()
    return str(value)


def migration_heads(connection) -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.graph.leaf_nodes())


# --- Backup -----------------------------------------------------------------------------------------------------


def _media_root() -> Path:
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(
            f"The documents are kept in {type(default_storage).__name__}, not on this disk: back them up with the "
            "object store's own versioning and replication; this command backs up a FileSystemStorage only."
        )
    return Path(default_storage.location)


def _dump(db: Database, path: Path, snapshot: str = "") -> None:
    if db.vendor == "postgresql":
        subprocess.run(  # noqa: S603 - PostgreSQL's own client, no shell
            ["pg_dump", "--format=custom", "--no-password", f"--file={path}"]
            + ([f"--snapshot={snapshot}"] if snapshot else []),
            env=_pg_env(db.settings),
            check=True,
            capture_output=True,
        )
    elif db.vendor == "sqlite":
        copy = sqlite3.connect(path)
        try:
            db.raw().backup(copy)
        finally:
            copy.close()
    else:
        raise BackupError(f"No backup for a {db.vendor} database.")


def _counted_and_dumped(db: Database, path: Path) -> tuple[dict, dict]:
    """Count the rows and dump the database as of one moment, so a restore of a live system matches its manifest.

    On PostgreSQL the counts are read in a REPEATABLE READ transaction whose snapshot pg_dump then shares
    (`--snapshot`). On SQLite (`make run`: one process) the counts come just before the online backup's copy.
    """
    django = connections["default"]
    if db.vendor != "postgresql" or django.in_atomic_block:
        counts, latest = row_counts(db), latest_events(db)
        _dump(db, path)
        return counts, latest
    with transaction.atomic():
        db.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = db.query("SELECT pg_export_snapshot()")[0][0]
        counts, latest = row_counts(db), latest_events(db)
        _dump(db, path, snapshot)
    return counts, latest


def create_backup(dest: Path, *, keep: int, now: datetime | None = None) -> Path:
    """Write one complete backup folder under `dest` and keep the newest `keep`; return the folder."""
    db = Database()
    media_root = _media_root()
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    dest.mkdir(parents=True, exist_ok=True)
    final = dest / f"{PREFIX}{stamp}"
    if final.exists():
        raise BackupError(f"{final} exists already.")
    work = dest / f".{PREFIX}{stamp}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        # Counts first, dump after: a row written in between shows as more rows in the dump, never fewer.
        counts, latest = _counted_and_dumped(db, work / DUMP)
        documents = {}
        with tarfile.open(work / MEDIA, "w") as tar:
            if media_root.is_dir():
                for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                    name = path.relative_to(media_root).as_posix()
                    documents[name] = {"sha256": sha256(path), "size": path.stat().st_size}
                    tar.add(path, arcname=name, recursive=False)
        files = {name: {"sha256": sha256(work / name), "size": (work / name).stat().st_size} for name in (DUMP, MEDIA)}
        manifest = {
            "created": datetime.now(UTC).isoformat(),
            "vendor": db.vendor,
            "migration_heads": migration_heads(connections["default"]),
            "row_counts": counts,
            "latest_events": latest,
            "files": files,
            "documents": documents,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True))
        sums = "".join(f"{sha256(work / name)}  {name}\n" for name in (DUMP, MEDIA, MANIFEST))
        (work / SUMS).write_text(sums)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    rotate(dest, keep=keep)
    return final


def complete_backups(dest: Path) -> list[Path]:
    """The complete backups under `dest`, oldest first."""
    return sorted(p for p in dest.iterdir() if p.is_dir() and NAME.match(p.name) and (p / SUMS).exists())


def rotate(dest: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` complete backups; return those deleted."""
    old = complete_backups(dest)[: -keep if keep > 0 else None] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return old


# --- Restore ----------------------------------------------------------------------------------------------------


def verify_checksums(folder: Path) -> dict:
    """Check SHA256SUMS and the manifest's sizes; raise BackupError naming the first damaged file."""
    if not (folder / SUMS).is_file():
        raise BackupError(f"{folder / SUMS} is missing: not a complete backup.")
    for line in (folder / SUMS).read_text().splitlines():
        digest, name = line.split("  ", 1)
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if sha256(path) != digest:
            raise BackupError(f"{path} is damaged: its sha256 does not match SHA256SUMS.")
    manifest = json.loads((folder / MANIFEST).read_text())
    for name, expected in manifest["files"].items():
        if sha256(folder / name) != expected["sha256"]:
            raise BackupError(f"{folder / name} is damaged: its sha256 does not match the manifest.")
    return manifest


def _restore_database(db: Database, dump: Path, *, force: bool) -> None:
    if db.vendor == "postgresql":
        args = ["pg_restore", "--no-owner", "--exit-on-error", "--no-password", "--single-transaction"]
        if force:
            args += ["--clean", "--if-exists"]
        run = subprocess.run(  # noqa: S603 - PostgreSQL's own client, no shell
            [*args, f"--dbname={db.name}", str(dump)],
            env=_pg_env(db.settings),
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode:
            raise BackupError(f"pg_restore failed: {run.stderr.strip()}")
    elif db.vendor == "sqlite":
        source = sqlite3.connect(dump)
        try:
            source.backup(db.raw())
        finally:
            source.close()
    else:
        raise BackupError(f"No restore for a {db.vendor} database.")


def restore_backup(
    folder: Path, *, media_root: Path, database_url: str | None = None, force: bool = False, verify_only: bool = False
) -> Result:
    """Check the backup, restore it into an empty database and media root, then check what was restored."""
    result = Result(folder)
    manifest = verify_checksums(folder)
    result.summary.append(f"checksums: {len(manifest['files']) + 1} files match")
    if verify_only:
        return result
    db = Database(database_url)
    try:
        return _restore(db, folder, manifest, result, media_root=media_root, force=force)
    finally:
        db.close()


def _restore(db: Database, folder: Path, manifest: dict, result: Result, *, media_root: Path, force: bool) -> Result:
    if db.vendor != manifest["vendor"]:
        raise BackupError(f"The backup is of a {manifest['vendor']} database; the target is {db.vendor}.")
    if not force and db.tables():
        raise BackupError(f"The database {db.name} is not empty (use --force to replace it).")
    if not force and media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"The media root {media_root} is not empty (use --force to write over it).")
    _restore_database(db, folder / DUMP, force=force)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA) as tar:
        tar.extractall(media_root, filter="data")
    # What was restored, against what was backed up.
    counts = row_counts(db)
    for table, expected in manifest["row_counts"].items():
        if counts.get(table) != expected:
            result.problems.append(f"table {table}: {counts.get(table)} rows, the backup had {expected}")
    if latest_events(db) != manifest["latest_events"]:
        result.problems.append("the latest event/audit rows differ from the backup's")
    for name, expected in manifest["documents"].items():
        path = media_root / name
        if not path.is_file() or sha256(path) != expected["sha256"]:
            result.problems.append(f"stored file {name}: missing or its sha256 differs")
    result.summary += [
        f"tables: {len(manifest['row_counts'])}, rows: {sum(manifest['row_counts'].values())}",
        f"event/audit tables checked: {len(manifest['latest_events'])}",
        f"stored files: {len(manifest['documents'])}",
    ]
    return result
