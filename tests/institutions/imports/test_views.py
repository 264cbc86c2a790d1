"""The register import through its pages: upload, dry-run preview, confirm or cancel; refused files; the
commission's only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from baodi_care.accounts.choices import Role
from baodi_care.jobs.choices import JobStatus
from baodi_care.jobs.models import Job
from institutions.imports import stash as imports_stash
from institutions.models import INVALID_USCC, Institution, RegisterImport

# --- Through the views: upload, preview, confirm ------------------------------------------------------------------
from tests.institutions.imports.register_files import SAMPLES, bad_file, sample


def upload(client, name: str, data: bytes):
    return client.post(reverse("institutions:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("name", ["sample_register.xlsx", "sample_register.csv"])
def test_upload_preview_confirm(client, commission, name):
    client.force_login(commission)
    response = upload(client, name, sample(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("institutions:import_preview")
    pending = client.session[imports_stash.SESSION_KEY]
    stored = Path(settings.MEDIA_ROOT) / "imports" / pending["path"]
    assert stored.exists()

    preview = client.get(reverse("institutions:import_preview"))
    assert preview.status_code == 200
    assert preview.context["counts"]["create"] == 10
    html = preview.content.decode()
    assert 'id="confirm"' in html and "天津市宝坻区禾苗托育中心" in html
    assert Institution.objects.count() == 0  # a dry run

    response = client.post(reverse("institutions:import_confirm"), {"sha256": pending["sha256"]})
    # A background job (done already in eager mode): its page shows the outcome.
    assert response["Location"] == reverse("jobs:detail", args=[Job.objects.get().pk])
    assert "10" in client.get(response["Location"]).content.decode()
    assert Institution.objects.count() == 10
    assert RegisterImport.objects.get().file_name == name
    assert not stored.exists()
    assert imports_stash.SESSION_KEY not in client.session
    page = client.get(reverse("institutions:import"))
    assert name in page.content.decode()


def test_preview_of_bad_rows_offers_no_confirmation(client, commission):
    client.force_login(commission)
    upload(client, "bad.csv", bad_file())
    preview = client.get(reverse("institutions:import_preview"))
    html = preview.content.decode()
    assert 'id="confirm"' not in html
    assert 'id="rows-error"' in html
    assert str(INVALID_USCC) in html
    sha = client.session[imports_stash.SESSION_KEY]["sha256"]
    # Confirmed anyway (a forged POST): the import job refuses the file, with the reason on its page.
    response = client.post(reverse("institutions:import_confirm"), {"sha256": sha})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.FAILED
    assert Institution.objects.count() == 0


def test_confirming_another_preview_is_refused(client, commission):
    client.force_login(commission)
    upload(client, "sample_register.csv", sample("sample_register.csv"))
    response = client.post(reverse("institutions:import_confirm"), {"sha256": "0" * 64})
    assert response["Location"] == reverse("institutions:import_preview")
    assert Institution.objects.count() == 0


def test_cancel_discards_the_upload(client, commission):
    client.force_login(commission)
    upload(client, "sample_register.csv", sample("sample_register.csv"))
    stored = Path(settings.MEDIA_ROOT) / "imports" / client.session[imports_stash.SESSION_KEY]["path"]
    client.post(reverse("institutions:import_cancel"))
    assert not stored.exists()
    assert client.get(reverse("institutions:import_preview"))["Location"] == reverse("institutions:import")


@pytest.mark.parametrize(
    ("name", "data"),
    [("register.xlsx", b"not a zip at all"), ("register.pdf", b"%PDF-1.4"), ("register.csv", b"\x00\x01\x02")],
)
def test_upload_form_refuses_other_files(client, commission, name, data):
    client.force_login(commission)
    response = upload(client, name, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert imports_stash.SESSION_KEY not in client.session


def test_an_altered_stored_file_is_refused(client, commission):
    client.force_login(commission)
    upload(client, "sample_register.csv", sample("sample_register.csv"))
    stored = Path(settings.MEDIA_ROOT) / "imports" / client.session[imports_stash.SESSION_KEY]["path"]
    stored.write_bytes(stored.read_bytes() + b"\n")
    response = client.get(reverse("institutions:import_preview"))
    assert response["Location"] == reverse("institutions:import")
    assert imports_stash.SESSION_KEY not in client.session


def test_sample_xlsx_is_a_real_workbook():
    book = load_workbook(SAMPLES / "sample_register.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 11
    book.close()


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.DEPARTMENT, Role.OPERATOR])
def test_import_pages_are_the_commissions(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("institutions:import")).status_code == 403
