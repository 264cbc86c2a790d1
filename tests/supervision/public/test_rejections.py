"""Rejected filings are made public (登记和备案办法 Art. 9: 向社会公开): the institution, the date, the reasons,
and no personal data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from institutions.filings import services as filings_services
from tests.builders.filings import make_change_filing, make_rejected_filing
from tests.builders.register import make_institution, make_staff_compliant

pytestmark = pytest.mark.django_db

REASON = "活动室位于四层，不符合托育机构设置标准。"


@pytest.fixture
def compliant(institution):
    return make_staff_compliant(institution)


def test_anyone_sees_a_rejection_with_the_institution_date_and_reasons(client, compliant, operator, official):
    filing = make_rejected_filing(compliant, operator, official, reason=REASON)
    response = client.get(reverse("public:rejections"))
    assert response.status_code == 200
    html = response.content.decode()
    assert compliant.name in html and REASON in html
    assert timezone.localdate(filing.decided_at).isoformat() in html
    assert compliant.jurisdiction.name in html


def test_the_public_rejection_shows_no_personal_data(client, compliant, operator, official):
    filing = make_rejected_filing(compliant, operator, official, reason=REASON)
    html = client.get(reverse("public:rejections")).content.decode()
    for private in (
        filing.applicant_name,
        filing.applicant_phone,
        compliant.principal_name,
        compliant.legal_representative,
        compliant.contact_phone,
        compliant.address,
        official.get_full_name(),
        operator.get_full_name(),
    ):
        assert private and private not in html


def test_the_list_costs_the_same_queries_however_many_rejections(client, operator, official, haibin):
    def rejected(n: int) -> None:
        for i in range(n):
            institution = make_staff_compliant(
                make_institution(operator=operator, jurisdiction=haibin, name=f"托育{i}")
            )
            make_rejected_filing(institution, operator, official, reason=REASON)

    rejected(1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("public:rejections"))
    rejected(3)
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("public:rejections"))
    assert len(response.context["rejections"]) == 4
    assert len(four) == len(one)


def test_a_rejected_change_is_on_the_institutions_public_page(client, filed_institution, operator, official):
    filed = filed_institution
    filing = make_change_filing(filed, operator, name="海滨小星星托育中心（更名）")
    filing = filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filings_services.reject_filing(filing=filing, by=official, version=filing.version, reason="更名未经登记机关核准")
    html = client.get(reverse("public:institution", args=[filed.pk])).content.decode()
    assert 'id="rejections-card"' in html and "更名未经登记机关核准" in html
