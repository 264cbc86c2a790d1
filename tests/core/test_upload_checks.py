"""What an upload must be beyond its first bytes (issue 10 §5): a PDF that a real parser (pypdf) reads, an image
under the pixel cap, and no more versions of one document than the cap."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from baodi_care.core.files import (
    UPLOAD_DAMAGED,
    UPLOAD_PDF_ENCRYPTED,
    UPLOAD_TOO_MANY_PIXELS,
    UPLOAD_TOO_MANY_VERSIONS,
    inspect_upload,
)
from institutions.filings import services as filings_services
from tests.builders.files import pdf_bytes, pdf_upload
from tests.builders.filings import doc_type, make_draft_filing
from tests.builders.register import make_staff_compliant

DAMAGED_PDF = str(UPLOAD_DAMAGED % {"kind": "PDF"})


def refusal(content: bytes, name: str = "scan.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        inspect_upload(SimpleUploadedFile(name, content))
    return exc.value


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def one_page(**metadata) -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if metadata:
        writer.add_metadata(metadata)
    return writer


# --- PDFs: parsed, not judged by their first and last bytes ---------------------------------------------------


def test_a_normal_pdf_passes():
    assert inspect_upload(pdf_upload("营业执照.pdf"))[0] == "pdf"
    assert inspect_upload(SimpleUploadedFile("证明.pdf", written(one_page(**{"/Title": "消防安全检查合格证明"}))))


def test_an_html_page_between_a_pdf_header_and_trailer_is_refused():
    """The old check (starts with %PDF-, ends with %%EOF) stored this; a browser told to sniff shows a web page."""
    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
    assert refusal(polyglot).messages == [DAMAGED_PDF]


def hand_made_pdf(comment: bytes = b"") -> bytes:
    """A one-page PDF with a correct cross-reference table, and `comment` (a PDF comment) after its header."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<<>>>>",
    ]
    out = bytearray(b"%PDF-1.4\n" + comment)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_sound_pdf_that_carries_a_web_page_is_refused():
    """A well-formed PDF whose bytes hold an HTML document too (in a comment): a polyglot, refused all the same."""
    assert inspect_upload(SimpleUploadedFile("plain.pdf", hand_made_pdf()))[0] == "pdf"
    polyglot = hand_made_pdf(b"%<html><body><script>alert(document.domain)</script></body></html>\n")
    assert refusal(polyglot).messages == [DAMAGED_PDF]


def test_a_truncated_pdf_is_refused_even_with_an_end_marker_stuck_on():
    whole = pdf_bytes()
    assert refusal(whole[: len(whole) // 2]).code == "damaged"
    assert refusal(whole[: len(whole) // 2] + b"\n%%EOF\n").messages == [DAMAGED_PDF]


def test_a_pdf_without_pages_is_refused():
    """What the demo used to upload: a catalogue and an empty page tree, no cross-reference table."""
    empty = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    assert refusal(empty).code == "damaged"


def test_an_encrypted_pdf_is_refused_with_its_own_message():
    """Encrypted content cannot be checked (nor scanned for viruses): refused, with how to get a plain one."""
    writer = one_page()
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")  # opens without a password
    error = refusal(written(writer))
    assert (error.code, error.messages) == ("encrypted", [str(UPLOAD_PDF_ENCRYPTED)])


# --- Images: a pixel cap (a setting) ----------------------------------------------------------------------------


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_pixel_cap_is_a_setting_below_pillows_own_limit(settings):
    assert settings.UPLOAD_MAX_IMAGE_PIXELS == 50_000_000 < Image.MAX_IMAGE_PIXELS
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000
    assert inspect_upload(SimpleUploadedFile("小图.png", png(40, 25)))[0] == "png"  # exactly 1,000 pixels
    error = refusal(png(40, 26), "大图.png")
    assert (error.code, error.messages) == ("too_many_pixels", [str(UPLOAD_TOO_MANY_PIXELS)])


# --- Versions: a cap per document type and filing (a setting) --------------------------------------------------


@pytest.mark.django_db
def test_a_filing_keeps_at_most_the_configured_versions_of_one_document(settings, institution, operator):
    settings.UPLOAD_MAX_VERSIONS = 2
    filing = make_draft_filing(make_staff_compliant(institution), operator)
    other = doc_type("other")

    def upload():
        return filings_services.upload_document(filing=filing, document_type=other, upload=pdf_upload(), by=operator)

    assert [upload().version, upload().version] == [1, 2]
    with pytest.raises(ValidationError) as exc:
        upload()
    assert exc.value.messages == [str(UPLOAD_TOO_MANY_VERSIONS % {"max": 2})]
    assert filing.documents.filter(document_type=other).count() == 2
    # The cap counts per type: another document type still takes its versions.
    licence = filing.documents.filter(document_type=doc_type("business_license")).count()
    filings_services.upload_document(
        filing=filing, document_type=doc_type("business_license"), upload=pdf_upload(), by=operator
    )
    assert filing.documents.filter(document_type=doc_type("business_license")).count() == licence + 1


def test_the_version_cap_defaults_to_twenty(settings):
    assert settings.UPLOAD_MAX_VERSIONS == 20
