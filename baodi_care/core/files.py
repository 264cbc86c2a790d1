"""Uploaded files, written once: filing documents and inspection/rectification evidence.

The content check (PDF, JPG and PNG only, judged by content, never by the file's name: a PDF is opened by a real
parser, pypdf; an image is decoded by Pillow under a pixel cap), the virus scan (core/virus_scan.py), the names the
server makes up for the disk, versions (capped), and the responses that send a file back (as an attachment under
its original name, or inline for the portal's own viewer; never cached) all live here. A model with a file mixes in
`StoredFile`.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views import View
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

from baodi_care.accounts.permissions import RoleRequiredMixin
from baodi_care.accounts.security_log.recorder import record_file_served
from baodi_care.core.virus_scan import check_clean

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}

UPLOAD_WRONG_TYPE = _("Only PDF, JPG and PNG files can be uploaded; this file is none of them.")
UPLOAD_TOO_LARGE = _("The file is %(size)s; the largest allowed is %(max)s.")
UPLOAD_EMPTY = _("The file is empty.")
UPLOAD_TOO_MANY_PIXELS = _(
    "The image has too many pixels to be checked safely; scan or export it at a lower resolution (300 dpi is enough)."
)
UPLOAD_DAMAGED = _(
    "The file looks like a %(kind)s but is damaged or is not really one. Please scan or export it again."
)
UPLOAD_PDF_ENCRYPTED = _(
    "This PDF is protected by a password or encrypted, so its content cannot be checked. Save or print it as a PDF "
    "without protection and upload that file."
)
UPLOAD_TOO_MANY_VERSIONS = _(
    "This filing already holds %(max)s versions of this document, the most it keeps, so the file was not added."
)
# Web-page markup, which no scanned or exported document needs: a file that is a PDF and a web page at once (a
# "polyglot") is refused even when the PDF part is sound.
HTML_MARKUP = re.compile(rb"<(?:!doctype|html|head|body|script|iframe|object|embed|svg|meta|form)[\s/>]", re.IGNORECASE)


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def _check_pdf(upload) -> None:
    """A PDF whose structure pypdf reads strictly to every page, unencrypted, with no web-page markup in it."""
    data = upload.read()
    upload.seek(0)
    damaged = ValidationError(UPLOAD_DAMAGED, code="damaged", params={"kind": "PDF"})
    if HTML_MARKUP.search(data):
        raise damaged
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise ValidationError(UPLOAD_PDF_ENCRYPTED, code="encrypted")
        pages = [page.mediabox for page in reader.pages]  # reads the whole page tree
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on a damaged or foreign file
        raise damaged from exc
    if not pages:
        raise damaged


def _check_image(upload, kind: str) -> None:
    """A PNG or JPEG that Pillow decodes, at most UPLOAD_MAX_IMAGE_PIXELS pixels."""
    try:
        with Image.open(upload) as image:
            if image.format != {"png": "PNG", "jpg": "JPEG"}[kind]:
                raise ValidationError(UPLOAD_DAMAGED, code="damaged", params={"kind": kind.upper()})
            # A few kilobytes can declare a picture that takes gigabytes to decode: refuse anything past the cap
            # (and past Pillow's own limit, where it only warns below twice that) before load() below.
            limit = min(settings.UPLOAD_MAX_IMAGE_PIXELS, Image.MAX_IMAGE_PIXELS or settings.UPLOAD_MAX_IMAGE_PIXELS)
            if image.width * image.height > limit:
                raise ValidationError(UPLOAD_TOO_MANY_PIXELS, code="too_many_pixels")
            image.verify()
        # verify() checks structure; loading decodes the pixels, which a disguised file cannot survive.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except Image.DecompressionBombError as exc:
        raise ValidationError(UPLOAD_TOO_MANY_PIXELS, code="too_many_pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(UPLOAD_DAMAGED, code="damaged", params={"kind": kind.upper()}) from exc
    finally:
        upload.seek(0)


def inspect_upload(upload) -> tuple[str, str]:
    """Return (extension, sha256) of a valid upload; raise ValidationError with a clear message otherwise.

    The virus scan comes first, so that malware is found (and logged) whatever its type. An upload checked once
    is not checked again when it is stored.
    """
    checked = getattr(upload, "_baodi_inspected", None)
    if checked:
        return checked
    size = upload.size
    if not size:
        raise ValidationError(UPLOAD_EMPTY, code="empty")
    if size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            UPLOAD_TOO_LARGE,
            code="too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(settings.MAX_UPLOAD_BYTES)},
        )
    check_clean(upload)
    upload.seek(0)
    kind = _sniff(upload.read(16))
    if kind is None:
        raise ValidationError(UPLOAD_WRONG_TYPE, code="wrong_type")
    upload.seek(0)
    if kind == "pdf":
        _check_pdf(upload)
    else:
        _check_image(upload, kind)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    upload._baodi_inspected = (kind, digest.hexdigest())
    return upload._baodi_inspected


def generated_name(folder: str, extension: str) -> str:
    """A server-made name under `folder`: nothing of the uploader's file name reaches the disk."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def next_version(rows: QuerySet) -> int:
    """The version a new upload takes among `rows` (the earlier versions of the same document): 1 for the first.

    Refused past UPLOAD_MAX_VERSIONS versions (a setting), so one document cannot fill the disk.
    """
    last = rows.aggregate(last=Max("version"))["last"] or 0
    if last >= settings.UPLOAD_MAX_VERSIONS:
        raise ValidationError(UPLOAD_TOO_MANY_VERSIONS, code="too_many_versions", params={"max": last})
    return last + 1


class StoredFile:
    """What a model with an uploaded file has: `file`, `extension`, `original_name`, `size`, `sha256`."""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]

    def fallback_name(self) -> str:
        """The download name when the upload had none."""
        return f"file-{self.pk}"

    def download_name(self) -> str:
        return self.original_name or f"{self.fallback_name()}.{self.extension}"


def store_upload(record: StoredFile, upload) -> StoredFile:
    """Check an upload, describe it on `record`, validate the record, then write the file and save the row.

    The caller has set the record's own fields (what it belongs to, who uploaded it); the row is saved here.
    """
    record.extension, record.sha256 = inspect_upload(upload)
    record.original_name = (upload.name or "")[-200:]
    record.size = upload.size
    record.full_clean(exclude=["file"])  # the file is written only once the row is known to be valid
    record.file.save("upload", upload, save=False)
    record.save()
    return record


def file_response(record: StoredFile, *, inline: bool = False) -> FileResponse:
    """The file as an attachment under its original name, or inline for the portal's viewer.

    Only the sniffed PDF/PNG/JPEG types are ever sent; browsers may not guess another (nosniff). An inline PDF
    runs sandboxed (no scripts, no forms), and only a preview may be framed, by the portal's own pages. No copy
    stays in the browser's or a proxy's cache (no-store): the files carry personal data.
    """
    response = FileResponse(
        record.file.open("rb"),
        as_attachment=not inline,
        filename=record.download_name(),
        content_type=record.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"
        # The site's policy forbids all framing (frame-ancestors 'none'); a preview may be framed by the portal.
        policy = "sandbox" if record.extension == "pdf" else "default-src 'none'"
        response["Content-Security-Policy"] = f"{policy}; frame-ancestors 'self'"
    add_never_cache_headers(response)
    return response


class StoredFileView(RoleRequiredMixin, View):
    """Download (or, with `inline`, preview) one file found through the user's scope: 404 outside it."""

    inline = False
    # Kinds a preview may show inline; others are a 404 there (they stay downloadable).
    preview_kinds: tuple[str, ...] = tuple(CONTENT_TYPES)

    def get_queryset(self) -> QuerySet:
        """The files the user may see: a for_user() queryset."""
        raise NotImplementedError

    def get(self, request, pk):
        record = get_object_or_404(self.get_queryset(), pk=pk)
        if self.inline and record.extension not in self.preview_kinds:
            raise Http404
        record_file_served(record, inline=self.inline)
        return file_response(record, inline=self.inline)
