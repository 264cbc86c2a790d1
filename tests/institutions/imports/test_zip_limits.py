"""An xlsx is a zip archive: its parts are counted and their unpacked sizes added up before openpyxl reads a byte
(issue 10 §5). Both limits are settings (REGISTER_IMPORT_MAX_ZIP_ENTRIES, REGISTER_IMPORT_MAX_UNPACKED_MB), as is
the file's own size (REGISTER_IMPORT_MAX_MB)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from institutions.imports.messages import IMPORT_TOO_LARGE, IMPORT_ZIP_TOO_BIG
from institutions.imports.readers import read_table
from institutions.models import RegisterImport
from tests.institutions.imports.register_files import sample
from tests.pages import messages_of, zh


def padded(extra_parts: int = 0, zeros: int = 0) -> bytes:
    """The sample register workbook with more parts, or with one part of `zeros` bytes that packs to almost nothing."""
    buffer = io.BytesIO(sample("sample_register.xlsx"))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for number in range(extra_parts):
            archive.writestr(f"xl/media/padding{number}.bin", b"x")
        if zeros:
            archive.writestr("xl/media/zeros.bin", b"\0" * zeros)
    return buffer.getvalue()


@pytest.fixture
def openpyxl_must_not_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl read a workbook that the zip check should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def refusal(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        read_table(data=data, file_name="register.xlsx")
    return exc.value


def test_the_defaults_leave_room_for_any_real_workbook(settings):
    assert settings.REGISTER_IMPORT_MAX_ZIP_ENTRIES == 500
    assert settings.REGISTER_IMPORT_MAX_UNPACKED_BYTES == 200 * 1024 * 1024
    assert len(read_table(data=padded(extra_parts=50), file_name="register.xlsx")) == 11  # header and 10 rows


def test_a_workbook_of_too_many_parts_is_refused_before_openpyxl_reads_it(settings, openpyxl_must_not_run):
    parts = len(zipfile.ZipFile(io.BytesIO(sample("sample_register.xlsx"))).infolist())
    settings.REGISTER_IMPORT_MAX_ZIP_ENTRIES = parts + 5
    error = refusal(padded(extra_parts=6))
    assert error.messages == [str(IMPORT_ZIP_TOO_BIG % {"entries": parts + 5, "size": 200})]


def test_a_workbook_that_unpacks_too_large_is_refused_before_openpyxl_reads_it(settings, openpyxl_must_not_run):
    settings.REGISTER_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    data = padded(zeros=2 * 1024 * 1024)
    assert len(data) < 100_000  # 2 MB of zeros pack to a few kilobytes: a small "zip bomb"
    assert refusal(data).code == "zip_too_big"


@pytest.mark.django_db
def test_the_commission_is_told_in_chinese(client, settings, commission):
    settings.REGISTER_IMPORT_MAX_ZIP_ENTRIES = 5
    client.force_login(commission)
    client.post(reverse("institutions:import"), {"file": SimpleUploadedFile("register.xlsx", padded(extra_parts=6))})
    response = client.get(reverse("institutions:import_preview"), follow=True)
    assert zh(IMPORT_ZIP_TOO_BIG, entries=5, size=200) in messages_of(response)


@pytest.mark.django_db
def test_a_register_file_over_the_size_limit_is_refused_at_upload(client, settings, commission):
    settings.REGISTER_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(commission)
    big = ("名称,统一社会信用代码\n" + "机构,X\n" * 120_000).encode()
    assert len(big) > 1024 * 1024
    response = client.post(reverse("institutions:import"), {"file": SimpleUploadedFile("register.csv", big)})
    assert zh(IMPORT_TOO_LARGE, max=1) in response.content.decode()
    assert not RegisterImport.objects.exists()
