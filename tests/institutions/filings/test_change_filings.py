"""Change and deregistration filings (变更备案, 注销备案): what changed, the institution held pending, rejected or
acknowledged (DESIGN §2; issue 3 §10)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from institutions.choices import FilingKind, InstitutionStatus
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.filings import snapshots
from institutions.filings.services import FILING_CHANGE_UNCHANGED, TransitionError
from institutions.models import Filing
from institutions.register import services as register_services
from tests.builders.filings import attach_required_documents, make_change_filing, make_draft_filing

pytestmark = pytest.mark.django_db

# --- Change and deregistration filings -----------------------------------------------------------


def test_a_change_filing_with_nothing_changed_is_refused(filed, operator, refused_submission):
    filing = make_draft_filing(filed, operator, kind=FilingKind.CHANGE)
    assert refused_submission(filing, operator) == [str(FILING_CHANGE_UNCHANGED)]
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.FILED


def test_a_change_filing_shows_what_changed_and_holds_the_institution_pending(filed, operator, official, commission):
    old_name = filed.name
    filing = make_change_filing(filed, operator, name="海滨小星星托育中心（新址）")

    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)

    filing.refresh_from_db()
    assert filing.baseline["institution"]["name"] == old_name
    assert filing.snapshot["institution"]["name"] == "海滨小星星托育中心（新址）"
    change = snapshots.diff(filing.baseline, filing.snapshot)
    assert change["changed"]
    assert [(f["field"], f["before"], f["after"]) for f in change["facts"]] == [
        ("name", old_name, "海滨小星星托育中心（新址）")
    ]
    assert change["facts"][0]["label"] == str(filed._meta.get_field("name").verbose_name)
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.CHANGE_PENDING

    filing = filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.FILED
    # The next change compares against the data of this acknowledged change.
    assert filings_selectors.last_filed_snapshot(filed)["institution"]["name"] == "海滨小星星托育中心（新址）"


def test_a_change_in_classes_or_staff_counts_as_a_change(filed, operator):
    filing = make_draft_filing(filed, operator, kind=FilingKind.CHANGE)
    register_services.add_class(institution=filed, by=operator, name="乳儿班", class_type="infant", seats=6)
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filing.refresh_from_db()
    change = snapshots.diff(filing.baseline, filing.snapshot)
    assert change["facts"] == []
    assert len(change["classes"]["added"]) == 1 and "乳儿班" in change["classes"]["added"][0]


@pytest.mark.parametrize("decider", ["official", "commission"])
def test_a_rejected_change_returns_the_institution_to_filed(decider, request, filed, operator, official):
    filing = make_draft_filing(filed, operator, kind=FilingKind.CHANGE)
    register_services.update_institution(institution=filed, by=operator, principal_name="新负责人")
    attach_required_documents(filing, operator)  # the new 负责人's certificates
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    if decider == "commission":
        filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.reject_filing(
        filing=filing, by=request.getfixturevalue(decider), version=filing.version, reason="变更材料不实"
    )
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.FILED
    assert Filing.objects.get(pk=filing.pk).decision_reason == "变更材料不实"


def test_an_acknowledged_deregistration_closes_the_institution(filed, operator, official, commission):
    filing = filings_services.start_filing(institution=filed, kind=FilingKind.DEREGISTRATION, by=operator)
    filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=True, applicant_name="王举办", applicant_phone="13800000000",
        stop_date=timezone.localdate(), children_arrangements="已转入附近托育机构",
    )  # fmt: skip
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.FILED  # still serving until the deregistration is acknowledged
    filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)

    filed.refresh_from_db()
    assert filed.status == InstitutionStatus.CLOSED
    assert filing.receipt_number
    with pytest.raises(PermissionDenied):
        register_services.update_institution(institution=filed, by=operator, name="再开")
    with pytest.raises(TransitionError):
        filings_services.start_filing(institution=filed, kind=FilingKind.CHANGE, by=operator)
