"""The demo district's files and figures: every document opens (a real PDF with its title, or a real photo), every
街镇 has a population, marked as demo values wherever the rates are shown, and each filed demo receipt verifies."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction, User
from institutions.choices import FilingStatus
from institutions.demo import document_image, document_pdf
from institutions.models import Document, Filing
from supervision.demo import DEMO_POPULATION_SOURCE
from supervision.models import EvidenceFile

pytestmark = pytest.mark.django_db


def opens(record) -> str:
    """The text of a stored PDF (every page parsed strictly), or "" for an image that decodes fully."""
    with record.file.open("rb") as handle:
        data = handle.read()
    if record.extension == "pdf":
        reader = PdfReader(io.BytesIO(data), strict=True)
        return "".join(page.extract_text() for page in reader.pages)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert image.format == {"png": "PNG", "jpg": "JPEG"}[record.extension]
        assert image.width >= 400 and image.height >= 300
    return ""


def test_the_demo_files_open_and_carry_their_title_and_every_jurisdiction_has_a_marked_population(client):
    call_command("load_demo", "--force", verbosity=0)

    documents = list(Document.objects.select_related("document_type", "filing__institution"))
    assert documents
    kinds = {d.extension for d in documents}
    assert kinds == {"pdf", "jpg"}
    for document in documents:
        text = opens(document)
        if document.extension == "pdf":
            assert document.document_type.name in text.replace("\n", "")
            assert document.filing.institution.name in text
            assert "演示文件" in text
    evidence = list(EvidenceFile.objects.all())
    assert {e.extension for e in evidence} == {"pdf", "png"}
    for record in evidence:
        opens(record)

    places = Jurisdiction.objects.filter(is_active=True)
    assert places.count() == 24
    assert not places.filter(population__isnull=True).exists()
    assert set(places.values_list("population_source", flat=True)) == {DEMO_POPULATION_SOURCE}
    # Round thousands: made up, and never mistaken for a census count.
    assert all(p % 1000 == 0 for p in places.values_list("population", flat=True))

    client.force_login(User.objects.get(username="commission"))
    dashboard = client.get(reverse("supervision:dashboard"))
    html = dashboard.content.decode()
    note = html.split('id="population-sources"')[1].split("</p>")[0]
    assert DEMO_POPULATION_SOURCE in note
    provision = html.split('id="table-provision"')[1].split("</table>")[0]
    assert "—" not in provision.split("<tbody>")[1].split("</tr>")[0]  # the first 街镇 has a rate

    # A second run keeps the populations (and a population the commission entered is never overwritten).
    haibin = places.get(name="海滨街道")
    from supervision.statistics.services import set_populations

    set_populations(
        by=User.objects.get(role=Role.COMMISSION, username="commission"),
        populations={haibin.pk: 123_000},
        sources={haibin.pk: "区统计局年度估算"},
    )
    call_command("load_demo", "--force", verbosity=0)
    haibin.refresh_from_db()
    assert (haibin.population, haibin.population_source) == (123_000, "区统计局年度估算")

    # Each filed demo receipt has its verification page.
    filed = Filing.objects.filter(status=FilingStatus.FILED).exclude(verification_token=None)
    assert filed.exists()
    client.logout()
    response = client.get(reverse("public:receipt_verify", args=[filed.first().verification_token]))
    assert response.status_code == 200


def test_the_demo_pdf_and_images_are_the_same_on_every_run():
    assert document_pdf("营业执照", "小星星托育园") == document_pdf("营业执照", "小星星托育园")
    text = PdfReader(io.BytesIO(document_pdf("营业执照", "小星星托育园"))).pages[0].extract_text()
    assert "营业执照" in text and "小星星托育园" in text
    for kind, fmt in (("png", "PNG"), ("jpg", "JPEG")):
        with Image.open(io.BytesIO(document_image("场地照片", kind))) as image:
            assert image.format == fmt
