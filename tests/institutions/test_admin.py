"""The Django admin shows filings read-only, with their history of steps, and a filed institution's identity facts
read-only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from institutions.models import Institution
from institutions.register import services as register_services
from institutions.register.services import INSTITUTION_FIELDS
from tests.builders.filings import file_institution, make_submitted_filing
from tests.builders.register import make_staff_compliant

pytestmark = pytest.mark.django_db


def test_a_filing_in_the_admin_shows_its_steps_in_the_order_they_read(client, sysadmin, institution, operator):
    filing = make_submitted_filing(institution, operator)
    client.force_login(sysadmin)
    response = client.get(reverse("admin:institutions_filing_change", args=[filing.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    inline = html[html.index('id="events-group"') :]
    headers = re.findall(r'<th class="column-(\w+)', inline[: inline.index("</thead>")])
    assert headers == ["action", "from_status", "to_status", "by", "note"]
    assert "提交" in inline or "submit" in inline.lower()


# --- A filed institution's identity facts (issue 10): read-only, and no revert of its history brings old ones back --


def _institution_post(institution: Institution, **changes) -> dict:
    """What the admin's change form posts for an institution (no inline rows added or changed), with `changes`."""
    data = {}
    for name in INSTITUTION_FIELDS:
        value = changes.get(name, getattr(institution, name))
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", "" if value is None else value)
    for prefix in ("classes", "staff", "memberships", "designation_events"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, "_save": "Save"}


def test_a_filed_institutions_identity_is_read_only_in_the_admin(client, sysadmin, operator, institution, baoping):
    filed = file_institution(make_staff_compliant(institution), operator)
    client.force_login(sysadmin)
    url = reverse("admin:institutions_institution_change", args=[filed.pk])
    html = client.get(url).content.decode()
    for name in ("name", "uscc", "legal_form", "category", "jurisdiction"):
        assert f'name="{name}"' not in html, name
    assert 'name="address"' in html
    # Identity numbers are the commission's to read, in the portal; the admin neither shows nor posts them.
    assert 'name="sponsor_id_number"' not in html and filed.sponsor_id_number not in html
    staff_number = filed.staff.order_by("pk").first().id_number
    assert staff_number and staff_number not in html
    response = client.post(url, _institution_post(filed, jurisdiction=baoping, name="管理员改名", address="新地址1号"))
    assert response.status_code == 302
    stored = Institution.objects.get(pk=filed.pk)
    assert (stored.jurisdiction, stored.name, stored.address) == (filed.jurisdiction, filed.name, "新地址1号")
    assert stored.sponsor_id_number == filed.sponsor_id_number  # kept


def test_reverting_a_filed_institution_to_its_draft_days_is_refused(client, sysadmin, operator, institution, baoping):
    # Registered in 海滨, corrected to 宝平 before anything was filed (free then), then filed in 宝平.
    register_services.update_institution(institution=institution, by=operator, jurisdiction=baoping)
    first = institution.history.earliest()
    filed = file_institution(make_staff_compliant(institution), operator)
    client.force_login(sysadmin)
    url = reverse("admin:institutions_institution_simple_history", args=[filed.pk, first.history_id])
    # History is a record: its version page shows the old version, and posting it back is refused outright.
    assert client.get(url).status_code == 200
    assert client.post(url, _institution_post(first.instance)).status_code == 403
    assert Institution.objects.get(pk=filed.pk).jurisdiction == filed.jurisdiction


def test_a_never_filed_institution_stays_editable_in_the_admin(client, sysadmin, institution, baoping):
    client.force_login(sysadmin)
    url = reverse("admin:institutions_institution_change", args=[institution.pk])
    assert 'name="jurisdiction"' in client.get(url).content.decode()
    assert client.post(url, _institution_post(institution, jurisdiction=baoping)).status_code == 302
    assert Institution.objects.get(pk=institution.pk).jurisdiction == baoping
