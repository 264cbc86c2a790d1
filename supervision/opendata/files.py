"""The open data files kept: written once from the register, then served from storage until the register changes.

Writing the JSON of 100,000 institutions takes seconds; sending a stored file takes a fraction of one, from its
first byte. So each file, once written, is kept in the default storage (`opendata/`), with an `OpenDataFile` row
that names it:

- **Fresh** (nothing counted has changed since it was written): the stored file is sent.
- **Stale** (supervision.statistics.snapshots.mark_stale, on every change of the register, classes, filings or
  fees): with a worker (a Celery broker), the stored file is still sent — its `generated` time says when it was
  written — and the refresh writes it again; without one, the request streams a new file from the register and
  keeps it as it goes (tee), replacing the stored one once the last byte is written. A change that arrives while a
  file is written leaves it stale.

The content is the same either way (records.py); links in it point at the address the file was first asked on.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Case, F, When
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone, translation

from baodi_care.core import spreadsheets
from supervision.models import OpenDataFile
from supervision.opendata.records import csv_table, json_chunks

logger = logging.getLogger(__name__)

FOLDER = "opendata"


@dataclass(frozen=True)
class Kind:
    filename: str
    content_type: str
    chunks: Callable[[str, str], Iterator[bytes]]  # (base URL, documentation URL) -> bytes


KINDS = {
    "csv": Kind(
        "baodi-childcare-register.csv",
        spreadsheets.CSV_CONTENT_TYPE,
        lambda base, documentation: spreadsheets.csv_chunks(csv_table(base)),
    ),
    "json": Kind("baodi-childcare-register.json", "application/json; charset=utf-8", json_chunks),
}


def _key(kind: str, base_url: str) -> str:
    return f"{kind} {base_url}"


def response(kind: str, *, base_url: str, documentation: str):
    """The file for an anonymous visitor: the stored one while it may be sent, otherwise a new one, streamed."""
    from supervision.statistics.snapshots import background_refresh, queue_refresh

    spec = KINDS[kind]
    kept = OpenDataFile.objects.filter(key=_key(kind, base_url)).first()
    if kept is not None and (kept.stale_since is None or background_refresh()):
        try:
            stored = default_storage.open(kept.path, "rb")
        except (FileNotFoundError, OSError):
            logger.warning("The open data file %s is missing from storage; writing it again", kept.path)
        else:
            if kept.stale_since is not None:
                queue_refresh()
            answer = FileResponse(stored, content_type=spec.content_type)
            return spreadsheets.public_file_headers(answer, spec.filename)
    return spreadsheets.streamed_response(
        _kept_as_sent(kind, base_url, documentation),
        content_type=spec.content_type,
        filename=spec.filename,
        language=settings.LANGUAGE_CODE,
        public=True,
    )


def _kept_as_sent(kind: str, base_url: str, documentation: str) -> Iterator[bytes]:
    """The file's bytes as they are written, copied to a temporary file that is stored once it is complete.

    A visitor who goes away before the end leaves nothing stored (the generator is closed, the copy dropped)."""
    started = timezone.now()
    with tempfile.TemporaryFile() as copy:
        for chunk in KINDS[kind].chunks(base_url, documentation):
            copy.write(chunk)
            yield chunk
        size = copy.tell()
        copy.seek(0)
        _store(kind, base_url, copy, size=size, started=started)


def _store(kind: str, base_url: str, content, *, size: int, started) -> None:
    """Keep the written file and point the row at it, in one transaction on the primary; the old file is deleted."""
    path = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{kind}", File(content))
    key = _key(kind, base_url)
    with transaction.atomic():  # on the primary, also where the file was read from the replica
        _point_at(key, kind, base_url, path, size=size, started=started)


def _point_at(key: str, kind: str, base_url: str, path: str, *, size: int, started) -> None:
    old = OpenDataFile.objects.filter(key=key).values_list("path", flat=True).first()
    # Fresh unless something changed while the file was written (then it stays stale, to be written again).
    fresh_unless_changed = Case(When(stale_since__lt=started, then=None), default=F("stale_since"))
    changes = {"path": path, "size": size, "generated_at": started, "stale_since": fresh_unless_changed}
    if old is None:
        # Of two first writers at once one row is kept; the other's file names no row (left in storage, unserved).
        OpenDataFile.objects.bulk_create(
            [OpenDataFile(key=key, kind=kind, base_url=base_url, path=path, size=size, generated_at=started)],
            ignore_conflicts=True,
        )
    else:
        OpenDataFile.objects.filter(key=key).update(**changes)
        if old != path:
            default_storage.delete(old)


def regenerate_stale() -> int:
    """Write every stale file again (the refresh on the worker calls this); returns how many were written."""
    written = 0
    for row in OpenDataFile.objects.filter(stale_since__isnull=False).order_by("pk"):
        documentation = row.base_url + reverse("open_data:index")
        with translation.override(settings.LANGUAGE_CODE):
            for _chunk in _kept_as_sent(row.kind, row.base_url, documentation):
                pass
        written += 1
    return written
