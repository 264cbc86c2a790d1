"""Object storage (issue 11 §4): with S3_BUCKET set, documents, evidence, job files and the kept open data files live
in an S3-compatible bucket through django-storages, private, and are still sent only by the permission-checked views.

The server is real: moto's S3 server over HTTP on 127.0.0.1 (a thread of the test process), spoken to by boto3 with
the same options settings.py builds from S3_*. Each test gets a bucket of its own.
"""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from baodi_care.jobs.models import Job
from institutions.filings import services as filings_services
from institutions.models import Document
from tests.builders.files import pdf_bytes, png_upload
from tests.builders.filings import doc_type, make_draft_filing
from tests.builders.inspections import make_draft_inspection
from tests.builders.register import make_imported_institution, make_staff_compliant

pytestmark = pytest.mark.django_db

KEYS = {"aws_access_key_id": "baodi-test", "aws_secret_access_key": "baodi-test-secret", "region_name": "cn-north-1"}


@pytest.fixture(scope="session")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint, tmp_path):
    """A new private bucket as the default storage (the options settings.py sets for S3_BUCKET); MEDIA_ROOT empty."""
    name = f"baodi-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": KEYS["region_name"]})
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": KEYS["region_name"],
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "location": "test",
                "default_acl": "private",
                "querystring_auth": False,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "no-store"},
            },
        },
    }
    client.bucket_name = name
    return client


def objects(bucket) -> list[str]:
    return [item["Key"] for item in bucket.list_objects_v2(Bucket=bucket.bucket_name).get("Contents", [])]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def nothing_on_disk(settings) -> bool:
    return not any(Path(settings.MEDIA_ROOT).rglob("*"))


def test_the_settings_build_the_s3_storage_from_the_environment(monkeypatch):
    """S3_* in the environment give the S3 storage with a private bucket and no links handed out; unset, the disk."""
    import importlib

    import baodi_care.settings as module

    monkeypatch.setenv("S3_BUCKET", "baodi-care-documents")
    monkeypatch.setenv("S3_ENDPOINT_URL", "https://s3.example.gov.cn")
    monkeypatch.setenv("S3_PREFIX", "/production/")
    try:
        built = importlib.reload(module).STORAGES["default"]
    finally:
        monkeypatch.delenv("S3_BUCKET")
        plain = importlib.reload(module).STORAGES["default"]
    assert built["BACKEND"] == "storages.backends.s3.S3Storage"
    options = built["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["location"]) == (
        "baodi-care-documents",
        "https://s3.example.gov.cn",
        "production",
    )
    assert (options["default_acl"], options["querystring_auth"], options["file_overwrite"]) == ("private", False, False)
    assert plain == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_an_uploaded_document_is_kept_in_the_bucket_and_sent_only_to_those_in_scope(
    client, settings, bucket, operator, other_operator, institution
):
    filing = make_draft_filing(make_staff_compliant(institution), operator)
    before = set(objects(bucket))
    client.force_login(operator)
    content = pdf_bytes()
    response = client.post(
        reverse("institutions:filing_upload", args=[filing.pk]),
        {"document_type": doc_type("other").pk, "file": SimpleUploadedFile("租赁合同.pdf", content)},
    )
    assert response.status_code == 302
    document = Document.objects.get(filing=filing, document_type=doc_type("other"))

    added = sorted(set(objects(bucket)) - before)
    assert added == [f"test/{document.file.name}"]
    assert "租赁合同" not in added[0]  # the server's own name, as on the disk
    assert bucket.get_object(Bucket=bucket.bucket_name, Key=added[0])["Body"].read() == content
    grants = bucket.get_object_acl(Bucket=bucket.bucket_name, Key=added[0])["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's only: not public
    assert all(grant["Grantee"].get("URI") is None for grant in grants)
    assert nothing_on_disk(settings)

    download = client.get(reverse("institutions:document_download", args=[document.pk]))
    assert download.status_code == 200 and body(download) == content
    assert download["Content-Type"] == "application/pdf" and "no-store" in download["Cache-Control"]
    preview = client.get(reverse("institutions:document_preview", args=[document.pk]))
    assert preview["Content-Disposition"].startswith("inline") and body(preview) == content

    client.force_login(other_operator)
    assert client.get(reverse("institutions:document_download", args=[document.pk])).status_code == 404
    client.logout()
    anonymous = client.get(reverse("institutions:document_download", args=[document.pk]))
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]


def test_a_refused_upload_writes_nothing_to_the_bucket(bucket, operator, institution):
    filing = make_draft_filing(make_staff_compliant(institution), operator)
    before = objects(bucket)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        filings_services.upload_document(
            filing=filing,
            document_type=doc_type("other"),
            upload=SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 64),
            by=operator,
        )
    assert objects(bucket) == before


@pytest.mark.clamd
def test_an_infected_upload_is_refused_before_it_reaches_the_bucket(client, settings, bucket, operator, institution):
    import clamd

    from tests import clamd_daemon

    settings.CLAMD_SOCKET = clamd_daemon.socket_path()
    filing = make_draft_filing(make_staff_compliant(institution), operator)
    before = objects(bucket)
    client.force_login(operator)
    client.post(
        reverse("institutions:filing_upload", args=[filing.pk]),
        {"document_type": doc_type("other").pk, "file": SimpleUploadedFile("通知.pdf", clamd.EICAR)},
    )
    assert objects(bucket) == before
    assert not Document.objects.filter(filing=filing, document_type=doc_type("other")).exists()


def test_inspection_evidence_is_kept_in_the_bucket_and_previewed_from_it(client, bucket, official, operator, haibin):
    from supervision.inspections import services as inspections_services

    inspection = make_draft_inspection(make_imported_institution(haibin, operator=operator), official)
    photo = inspections_services.add_inspection_photo(
        check=inspection.checks.first(), by=official, upload=png_upload("门口.png")
    )
    assert f"test/{photo.file.name}" in objects(bucket)
    client.force_login(official)
    preview = client.get(reverse("supervision:evidence_preview", args=[photo.pk]))
    assert preview.status_code == 200 and body(preview).startswith(b"\x89PNG")


def test_a_job_file_is_kept_in_the_bucket_and_sent_to_its_requester_only(
    client, settings, bucket, official, commission, operator, haibin
):
    for _ in range(3):
        make_imported_institution(haibin, operator=operator)
    settings.EXPORT_BACKGROUND_ROWS = 1
    client.force_login(official)
    response = client.get(reverse("supervision:export_register"), {"format": "csv"})
    job = Job.objects.get()
    assert response.status_code == 302 and f"test/{job.result.name}" in objects(bucket)
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200 and body(download).decode("utf-8-sig").count("\n") == 4  # header + 3 rows
    client.force_login(commission)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_the_open_data_file_is_kept_in_the_bucket(client, bucket, haibin):
    make_imported_institution(haibin, name="第一托育园")
    first = body(client.get(reverse("open_data:register_json")))
    assert [i["name"] for i in json.loads(first)["institutions"]] == ["第一托育园"]
    assert any(key.startswith("test/opendata/") for key in objects(bucket))
    assert body(client.get(reverse("open_data:register_json"))) == first


def test_health_checks_the_bucket(client, settings, bucket):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    assert client.get("/health/").status_code == 200
    assert default_storage.bucket_name == bucket.bucket_name
    bucket.delete_bucket(Bucket=bucket.bucket_name)  # empty: the checks delete what they write
    failing = client.get("/health/", {"format": "json"})
    assert failing.status_code == 503
