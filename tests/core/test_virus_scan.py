"""The virus scan of uploads (issue 10 §5): ClamAV's daemon over its socket, fail closed, on every upload path.

The `clamd` tests talk to the real daemon CLAMD_SOCKET names (.ci/run starts one with .ci/clamd.sh, whose test
signature database knows the EICAR file); without one they are skipped loudly (tests/clamd_daemon.py). The others
need no daemon: a socket nobody listens on, or one that never answers.
"""

from __future__ import annotations

import socket

import clamd
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.models import SecurityLog
from baodi_care.core import virus_scan
from baodi_care.core.files import inspect_upload
from baodi_care.core.virus_scan import UPLOAD_INFECTED, UPLOAD_SCAN_UNAVAILABLE
from institutions.filings import services as filings_services
from institutions.imports import stash as imports_stash
from institutions.models import Document, RegisterImport
from supervision.inspections import services as inspections_services
from supervision.models import EvidenceFile
from tests import clamd_daemon
from tests.builders.files import pdf_bytes, pdf_upload, png_upload
from tests.builders.filings import doc_type, make_draft_filing
from tests.builders.inspections import make_draft_inspection
from tests.builders.rectifications import answer, make_open_rectification
from tests.builders.register import make_imported_institution, make_staff_compliant
from tests.pages import messages_of, zh

EICAR = clamd.EICAR  # the industry's harmless test "virus", 68 bytes


def refusal(upload) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        inspect_upload(upload)
    return exc.value


@pytest.fixture
def real_clamd(settings):
    settings.CLAMD_SOCKET = clamd_daemon.socket_path()
    return settings.CLAMD_SOCKET


@pytest.fixture
def dead_scanner(settings, tmp_path):
    """Scanning configured, but no daemon behind the socket (stopped, crashed, not yet started)."""
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd-here.sock")
    return settings.CLAMD_SOCKET


@pytest.fixture
def draft(institution, operator):
    return make_draft_filing(make_staff_compliant(institution), operator)


def upload_document(client, filing, name: str, content: bytes):
    return client.post(
        reverse("institutions:filing_upload", args=[filing.pk]),
        {"document_type": doc_type("other").pk, "file": SimpleUploadedFile(name, content)},
    )


# --- With the real daemon -------------------------------------------------------------------------------------


@pytest.mark.clamd
def test_the_eicar_file_is_refused_by_the_real_scanner(real_clamd):
    error = refusal(SimpleUploadedFile("通知.pdf", EICAR))
    assert (error.code, error.messages) == ("infected", [str(UPLOAD_INFECTED)])


@pytest.mark.clamd
def test_a_clean_pdf_and_png_pass_the_real_scanner(real_clamd):
    assert inspect_upload(pdf_upload())[0] == "pdf"
    assert inspect_upload(png_upload())[0] == "png"
    assert virus_scan.scan(pdf_upload()) is None


@pytest.mark.clamd
@pytest.mark.django_db
def test_an_operator_uploading_eicar_is_told_in_chinese_and_nothing_is_stored(client, real_clamd, operator, draft):
    client.force_login(operator)
    response = upload_document(client, draft, "营业执照.pdf", EICAR)
    assert messages_of(response) == [zh(UPLOAD_INFECTED)]
    assert not Document.objects.filter(filing=draft, document_type=doc_type("other")).exists()
    # The auditor sees who tried it, from where, with which file and what the scanner found (ASVS 5.0 16.3.3).
    entry = SecurityLog.objects.get(action=SecurityAction.UPLOAD_INFECTED)
    assert (entry.user, entry.outcome, entry.object_label) == (operator, SecurityOutcome.REFUSED, "营业执照.pdf")
    assert entry.address == "127.0.0.1" and "eicar" in entry.detail.lower()


@pytest.mark.clamd
@pytest.mark.django_db
def test_an_eicar_register_file_is_refused_by_the_import(client, real_clamd, commission):
    client.force_login(commission)
    response = client.post(reverse("institutions:import"), {"file": SimpleUploadedFile("register.csv", EICAR)})
    assert zh(UPLOAD_INFECTED) in response.content.decode()
    assert not RegisterImport.objects.exists()


# --- When the scanner cannot answer: refused (fail closed) ------------------------------------------------------


def test_with_no_daemon_behind_the_socket_the_upload_is_refused(dead_scanner):
    error = refusal(pdf_upload())
    assert (error.code, error.messages) == ("scan_unavailable", [str(UPLOAD_SCAN_UNAVAILABLE)])


def test_with_no_daemon_at_a_tcp_address_the_upload_is_refused(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CLAMD_SOCKET = f"tcp://127.0.0.1:{port}"
    assert refusal(pdf_upload()).code == "scan_unavailable"


def test_a_daemon_that_never_answers_is_given_up_on_and_the_upload_refused(settings, tmp_path):
    path = str(tmp_path / "silent.sock")
    with socket.socket(socket.AF_UNIX) as silent:  # accepts connections (the backlog), never reads or replies
        silent.bind(path)
        silent.listen(1)
        settings.CLAMD_SOCKET, settings.CLAMD_TIMEOUT_SECONDS = path, 0.5
        assert refusal(pdf_upload()).code == "scan_unavailable"


@pytest.mark.django_db
def test_a_refused_scan_keeps_what_was_saved_before_and_says_why_in_chinese(client, settings, operator, draft):
    client.force_login(operator)
    settings.CLAMD_SOCKET = ""  # scanning off for the first version
    upload_document(client, draft, "第一版.pdf", pdf_bytes())
    settings.CLAMD_SOCKET = "/nonexistent/clamd.sock"
    response = upload_document(client, draft, "第二版.pdf", pdf_bytes())
    assert messages_of(response)[-1] == zh(UPLOAD_SCAN_UNAVAILABLE)
    others = draft.documents.filter(document_type=doc_type("other"))
    assert list(others.values_list("original_name", "version")) == [("第一版.pdf", 1)]


@pytest.mark.django_db
def test_a_scanner_that_cannot_answer_is_in_the_security_log_though_the_answer_rolls_back(
    client, dead_scanner, official, operator, haibin
):
    rectification = make_open_rectification(make_imported_institution(haibin, operator=operator), official)
    client.force_login(operator)
    response = client.post(
        reverse("supervision:rectification_answer", args=[rectification.pk]),
        {"version": rectification.version, "response": "已整改", "files": [png_upload("整改照片.png")]},
    )
    assert zh(UPLOAD_SCAN_UNAVAILABLE) in response.content.decode()
    rectification.refresh_from_db()
    assert rectification.status == "open"  # the answer's transaction rolled back
    entry = SecurityLog.objects.get(action=SecurityAction.UPLOAD_SCAN_FAILED)  # its refusal did not
    assert (entry.user, entry.outcome, entry.object_label) == (operator, SecurityOutcome.FAILURE, "整改照片.png")
    assert entry.path == reverse("supervision:rectification_answer", args=[rectification.pk])


# --- Every upload path goes through the scan --------------------------------------------------------------------


@pytest.mark.django_db
def test_inspection_photos_are_scanned(dead_scanner, official, operator, haibin):
    inspection = make_draft_inspection(make_imported_institution(haibin, operator=operator), official)
    with pytest.raises(ValidationError) as exc:
        inspections_services.add_inspection_photo(check=inspection.checks.first(), by=official, upload=png_upload())
    assert exc.value.messages == [str(UPLOAD_SCAN_UNAVAILABLE)]
    assert not EvidenceFile.objects.exists()


@pytest.mark.django_db
def test_rectification_evidence_is_scanned_and_the_answer_stays_open(settings, official, operator, haibin):
    rectification = make_open_rectification(make_imported_institution(haibin, operator=operator), official)
    settings.CLAMD_SOCKET = "/nonexistent/clamd.sock"
    with pytest.raises(ValidationError) as exc:
        answer(rectification, operator)
    assert exc.value.messages == [str(UPLOAD_SCAN_UNAVAILABLE)]
    rectification.refresh_from_db()
    assert rectification.status == "open" and not rectification.evidence.exists()


@pytest.mark.django_db
def test_register_imports_are_scanned(client, dead_scanner, commission):
    client.force_login(commission)
    data = "名称,统一社会信用代码\n".encode()
    response = client.post(reverse("institutions:import"), {"file": SimpleUploadedFile("register.csv", data)})
    assert zh(UPLOAD_SCAN_UNAVAILABLE) in response.content.decode()
    assert imports_stash.SESSION_KEY not in client.session  # nothing waits to be imported


# --- Scanning off (make run) --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_scanning_off_uploads_work_and_no_scanner_is_asked(settings, monkeypatch, operator, draft):
    settings.CLAMD_SOCKET = ""

    def no_scanner():
        raise AssertionError("the scanner was asked although scanning is off")

    monkeypatch.setattr(virus_scan, "_client", no_scanner)
    document = filings_services.upload_document(
        filing=draft, document_type=doc_type("other"), upload=pdf_upload(), by=operator
    )
    assert document.version == 1 and document.extension == "pdf"
