"""Upload checks: PDF, JPG and PNG only, judged by content, never by the file's name."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

UPLOAD_WRONG_TYPE = _("Only PDF, JPG and PNG files can be uploaded; this file is none of them.")
UPLOAD_TOO_LARGE = _("The file is %(size)s; the largest allowed is %(max)s.")
UPLOAD_EMPTY = _("The file is empty.")
UPLOAD_TOO_MANY_PIXELS = _(
    "The image has too many pixels to be checked safely; scan or export it at a lower resolution (300 dpi is enough)."
)
UPLOAD_DAMAGED = _(
    "The file looks like a %(kind)s but is damaged or is not really one. Please scan or export it again."
)


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def inspect_upload(upload) -> tuple[str, str]:
    """Return (extension, sha256) of a valid upload; raise ValidationError with a clear message otherwise."""
    size = upload.size
    if not size:
        raise ValidationError(UPLOAD_EMPTY, code="empty")
    if size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            UPLOAD_TOO_LARGE,
            code="too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(settings.MAX_UPLOAD_BYTES)},
        )
    upload.seek(0)
    kind = _sniff(upload.read(16))
    if kind is None:
        raise ValidationError(UPLOAD_WRONG_TYPE, code="wrong_type")
    upload.seek(0)
    if kind == "pdf":
        upload.seek(max(0, size - 1024))
        if b"%%EOF" not in upload.read():
            raise ValidationError(UPLOAD_DAMAGED, code="damaged", params={"kind": "PDF"})
    else:
        try:
            with Image.open(upload) as image:
                if image.format != {"png": "PNG", "jpg": "JPEG"}[kind]:
                    raise ValidationError(UPLOAD_DAMAGED, code="damaged", params={"kind": kind.upper()})
                # A few kilobytes can declare a picture that takes gigabytes to decode: Pillow only warns
                # below twice its limit, so refuse anything past the limit before load() below.
                if Image.MAX_IMAGE_PIXELS and image.width * image.height > Image.MAX_IMAGE_PIXELS:
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
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, digest.hexdigest()
