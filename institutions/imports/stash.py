"""The uploaded register file kept between preview and confirmation (MEDIA_ROOT/imports/<uuid>, with its sha256)."""

from __future__ import annotations

import datetime
import hashlib
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from baodi_care.accounts.models import User
from institutions.imports.messages import IMPORT_FILE_GONE, IMPORT_NOT_ALLOWED
from institutions.permissions import can_import_register

SESSION_KEY = "register_import"
STASH_MAX_AGE = datetime.timedelta(days=1)


def _stash_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def stash_upload(*, upload, by: User) -> dict:
    """Keep an uploaded register under MEDIA_ROOT/imports/<uuid> until it is confirmed; returns the session entry."""
    if not can_import_register(by):
        raise PermissionDenied(IMPORT_NOT_ALLOWED)
    folder = _stash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    suffix = Path(upload.name).suffix.lower()
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return {"path": path.name, "sha256": digest.hexdigest(), "file_name": Path(upload.name).name[:200]}


def load_stash(entry: dict) -> bytes:
    """The bytes of a stashed upload, checked against the hash taken when it arrived."""
    name = str(entry.get("path", ""))
    if not re.fullmatch(r"[0-9a-f]{32}\.(xlsx|csv)", name):
        raise ValidationError(IMPORT_FILE_GONE)
    path = _stash_dir() / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(IMPORT_FILE_GONE) from exc
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise ValidationError(IMPORT_FILE_GONE)
    return data


def discard_stash(entry: dict | None) -> None:
    name = str((entry or {}).get("path", ""))
    if re.fullmatch(r"[0-9a-f]{32}\.(xlsx|csv)", name):
        (_stash_dir() / name).unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    """Uploads never confirmed are removed after a day."""
    limit = (timezone.now() - STASH_MAX_AGE).timestamp()
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
