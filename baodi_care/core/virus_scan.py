"""Virus scan of every upload through ClamAV's daemon (clamd), over its socket, with the INSTREAM command.

Off while `CLAMD_SOCKET` is empty (as in `make run`). Once it names a socket (a path, or `tcp://host:port`), every
upload is scanned before anything of it is stored, and a scanner that cannot answer refuses the upload: fail closed.
The client is the `clamd` package, with two fixes to its socket: the time limit holds for the connection too (the
package sets it only after connecting), and each chunk is written whole (`sendall`; the package's `send` may write
part of one under load, which would break the stream).
"""

from __future__ import annotations

import logging
import socket
from urllib.parse import urlsplit

import clamd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.recorder import record

logger = logging.getLogger("baodi_care.uploads")

UPLOAD_INFECTED = _(
    "The virus scanner found malicious content in this file, so it was not accepted. Have the computer it came "
    "from checked, then scan or export the document again and upload the new file."
)
UPLOAD_SCAN_UNAVAILABLE = _(
    "The file could not be checked for viruses just now, so it was not accepted. Nothing you saved before is lost. "
    "Please try again in a few minutes; if this keeps happening, tell the portal's administrator."
)


class ScannerUnavailable(Exception):
    """The scanner did not give a verdict: not running, too slow, the stream too long, or an answer not understood."""


class _WholeChunks(socket.socket):
    """A socket whose send() writes all it is given."""

    def send(self, data, flags=0):
        self.sendall(data, flags)
        return len(data)


def _open(client, family: int, address) -> None:
    """Connect `client.clamd_socket` (set first: the package closes it after a failed connection too)."""
    client.clamd_socket = _WholeChunks(family, socket.SOCK_STREAM)
    client.clamd_socket.settimeout(client.timeout)
    try:
        client.clamd_socket.connect(address)
    except OSError as exc:
        raise clamd.ConnectionError(f"cannot connect to clamd at {address}: {exc}") from exc


class _UnixClient(clamd.ClamdUnixSocket):
    def _init_socket(self):
        _open(self, socket.AF_UNIX, self.unix_socket)


class _NetworkClient(clamd.ClamdNetworkSocket):
    def _init_socket(self):
        _open(self, socket.AF_INET, (self.host, self.port))


def scanning_enabled() -> bool:
    return bool(settings.CLAMD_SOCKET)


def _client() -> clamd.ClamdNetworkSocket:
    where, timeout = settings.CLAMD_SOCKET, settings.CLAMD_TIMEOUT_SECONDS
    if where.startswith("tcp://"):
        parts = urlsplit(where)
        return _NetworkClient(host=parts.hostname or "127.0.0.1", port=parts.port or 3310, timeout=timeout)
    return _UnixClient(path=where, timeout=timeout)


def scan(stream) -> str | None:
    """The name of what clamd found in `stream` (a binary file object, read from where it stands), or None if clean.

    Raises ScannerUnavailable when there is no verdict.
    """
    try:
        result = _client().instream(stream)
    except (clamd.ClamdError, OSError) as exc:  # BufferTooLongError and ConnectionError are ClamdErrors
        raise ScannerUnavailable(str(exc)) from exc
    status, signature = (result or {}).get("stream", (None, None))
    if status == "OK":
        return None
    if status == "FOUND":
        return signature or "unknown"
    raise ScannerUnavailable(f"clamd answered {result!r}")


def check_clean(upload, *, name: str = "") -> None:
    """Refuse `upload` (an uploaded file) if the scanner finds something in it or cannot answer; no-op when off."""
    if not scanning_enabled():
        return
    upload.seek(0)
    try:
        found = scan(upload)
    except ScannerUnavailable as exc:
        logger.error("upload refused: virus scanner unavailable (%s): %s", settings.CLAMD_SOCKET, exc)
        record(
            SecurityAction.UPLOAD_SCAN_FAILED,
            outcome=SecurityOutcome.FAILURE,
            object_label=name or upload.name or "",
            detail=f"clamd: {exc}",
            after_response=True,
        )
        raise ValidationError(UPLOAD_SCAN_UNAVAILABLE, code="scan_unavailable") from exc
    finally:
        upload.seek(0)
    if found:
        logger.warning("upload refused: %s found in %r (%s bytes)", found, name or upload.name, upload.size)
        record(
            SecurityAction.UPLOAD_INFECTED,
            outcome=SecurityOutcome.REFUSED,
            object_label=name or upload.name or "",
            detail=found,
            after_response=True,
        )
        raise ValidationError(UPLOAD_INFECTED, code="infected")
