"""The Django admin shows filings read-only, with their history of steps."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.builders.filings import make_submitted_filing

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
