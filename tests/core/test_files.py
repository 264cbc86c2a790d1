"""Uploads: PDF, JPG and PNG only, judged by content; a size limit; names the server makes up; stored
outside static (issue 3 §2)."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image

from baodi_care.core.files import (
    UPLOAD_EMPTY,
    UPLOAD_TOO_LARGE,
    UPLOAD_TOO_MANY_PIXELS,
    UPLOAD_WRONG_TYPE,
    inspect_upload,
)
from institutions.filings import services
from tests.builders.files import pdf_bytes, pdf_upload, png_upload
from tests.builders.filings import doc_type, make_draft_filing
from tests.builders.inspections import make_draft_inspection
from tests.builders.register import make_imported_institution, make_staff_compliant

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        inspect_upload(file)
    return exc.value


# --- What is accepted ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("营业执照.pdf", pdf_bytes(), "pdf"),
        ("场地照片.png", image_bytes("PNG"), "png"),
        ("消防证明.jpg", image_bytes("JPEG"), "jpg"),
        ("scan.JPEG", image_bytes("JPEG"), "jpg"),
    ],
)
def test_pdf_png_and_jpg_are_accepted(name, content, kind):
    file = upload(name, content)
    extension, sha256 = inspect_upload(file)
    assert extension == kind
    assert len(sha256) == 64
    assert file.tell() == 0  # ready to be stored from the start


def test_the_type_follows_the_content_not_the_name():
    assert inspect_upload(upload("photo.pdf", image_bytes("PNG")))[0] == "png"
    assert inspect_upload(upload("contract.jpg", pdf_bytes()))[0] == "pdf"


# --- What is refused ---------------------------------------------------------------------------------------


def test_an_html_page_behind_a_png_header_is_refused():
    html = PNG_SIGNATURE + b"<html><body><script>alert(document.cookie)</script></body></html>"
    error = refusal(upload("avatar.png", html, "image/png"))
    assert error.code == "damaged"


def test_an_html_page_behind_a_jpeg_header_is_refused():
    html = b"\xff\xd8\xff\xe0" + b"<html><script>alert(1)</script></html>"
    assert refusal(upload("photo.jpg", html, "image/jpeg")).code == "damaged"


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, b"\x7fELF\x02\x01\x01" + b"\x00" * 200],
    ids=["windows-exe", "linux-elf"],
)
def test_a_renamed_executable_is_refused(content):
    error = refusal(upload("x.pdf", content, "application/pdf"))
    assert error.messages == [str(UPLOAD_WRONG_TYPE)]


@pytest.mark.parametrize(
    "content",
    [b"<!DOCTYPE html><html></html>", b"PK\x03\x04 docx", b"GIF89a\x01\x00", b"plain text"],
    ids=["html", "office", "gif", "text"],
)
def test_other_formats_are_refused(content):
    assert refusal(upload("file.pdf", content)).messages == [str(UPLOAD_WRONG_TYPE)]


@pytest.mark.parametrize("size", [(10_000, 9_000), (14_000, 13_000)], ids=["past-the-limit", "past-twice-the-limit"])
def test_a_small_file_declaring_a_huge_image_is_refused_before_decoding(size):
    """A decompression bomb: a few kilobytes that would take hundreds of megabytes to decode."""
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, "PNG")
    assert buffer.tell() < 100_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        error = refusal(upload("scan.png", buffer.getvalue()))
    assert error.messages == [str(UPLOAD_TOO_MANY_PIXELS)]


def test_a_truncated_pdf_is_refused():
    assert refusal(upload("scan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n")).code == "damaged"


def test_an_empty_file_is_refused():
    assert refusal(upload("empty.pdf", b"")).messages == [str(UPLOAD_EMPTY)]


def test_a_file_over_the_limit_is_refused_with_its_size(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    content = pdf_bytes() + b"0" * 1100
    error = refusal(upload("big.pdf", content))
    assert error.code == "too_large"
    assert error.messages == [
        str(UPLOAD_TOO_LARGE % {"size": filesizeformat(len(content)), "max": filesizeformat(1024)})
    ]


def test_a_file_at_the_limit_is_accepted(settings):
    content = pdf_bytes()
    settings.MAX_UPLOAD_BYTES = len(content)
    assert inspect_upload(upload("exact.pdf", content))[0] == "pdf"


def test_the_default_limit_is_twenty_megabytes():
    # Issue 3 §2: 20 MB unless configured (DJANGO_MAX_UPLOAD_MB).
    assert django_settings.MAX_UPLOAD_BYTES == 20 * 1024 * 1024


# --- Storage --------------------------------------------------------------------------------------------


@pytest.fixture
def draft(settings, tmp_path, institution, operator):
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_draft_filing(make_staff_compliant(institution), operator)


@pytest.mark.django_db
def test_stored_names_are_made_by_the_server_under_media_root(draft, operator, settings):
    original = "王小明-身份证 static evil.html.pdf"
    document = services.upload_document(
        filing=draft, document_type=doc_type("other"), upload=upload(original, pdf_bytes()), by=operator
    )

    stored = Path(document.file.path).resolve()
    for part in ("王小明", "身份证", "evil", "static", "html"):
        assert part not in document.file.name
    assert stored.suffix == ".pdf"
    assert stored.is_file() and stored.read_bytes() == pdf_bytes()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    for static_dir in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        assert not stored.is_relative_to(Path(static_dir).resolve())
    assert document.original_name == original  # kept for display only
    assert (document.size, document.extension) == (len(pdf_bytes()), "pdf")


@pytest.mark.django_db
def test_two_uploads_of_the_same_name_get_different_files(draft, operator):
    first = services.upload_document(
        filing=draft, document_type=doc_type("other"), upload=upload("a.pdf", pdf_bytes()), by=operator
    )
    second = services.upload_document(
        filing=draft, document_type=doc_type("other"), upload=upload("a.pdf", pdf_bytes()), by=operator
    )
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    assert Path(first.file.path).is_file() and Path(second.file.path).is_file()


@pytest.mark.django_db
def test_a_refused_upload_stores_nothing(draft, operator, settings):
    before = draft.documents.count()
    files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))
    with pytest.raises(ValidationError):
        services.upload_document(
            filing=draft, document_type=doc_type("other"), upload=upload("x.pdf", b"MZ" + b"\x00" * 64), by=operator
        )
    assert draft.documents.count() == before
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == files_before


# --- One way to send a file back (issue 8) --------------------------------------------------------------------


@pytest.mark.django_db
def test_evidence_is_sent_the_way_documents_are(client, settings, tmp_path, operator, official, haibin):
    from django.urls import reverse

    from supervision.inspections import services as inspections_services

    settings.MEDIA_ROOT = tmp_path / "media"
    inspection = make_draft_inspection(make_imported_institution(haibin, operator=operator), official)
    check = inspection.checks.first()
    photo = inspections_services.add_inspection_photo(check=check, by=official, upload=png_upload("门口.png"))
    scan = inspections_services.add_inspection_photo(check=check, by=official, upload=pdf_upload())
    assert photo.file.name.startswith("evidence/") and "门口" not in photo.file.name
    client.force_login(official)

    download = client.get(reverse("supervision:evidence_download", args=[photo.pk]))
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''%E9%97%A8%E5%8F%A3.png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["X-Frame-Options"] == "DENY"  # only a preview may be framed
    assert "no-store" in download["Cache-Control"]  # personal data: never kept in a cache

    preview = client.get(reverse("supervision:evidence_preview", args=[photo.pk]))
    assert preview["Content-Disposition"].startswith("inline")
    assert (preview["X-Frame-Options"], preview["X-Content-Type-Options"]) == ("SAMEORIGIN", "nosniff")
    # Thumbnails are images: a scan is downloaded, never shown inline.
    assert client.get(reverse("supervision:evidence_preview", args=[scan.pk])).status_code == 404
    assert client.get(reverse("supervision:evidence_download", args=[scan.pk]))["Content-Type"] == "application/pdf"
