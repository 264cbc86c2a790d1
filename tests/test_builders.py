"""The builders (tests/builders/) reach each state through the services: the status a builder names is stored, with
the steps the services record on the way; none of them writes a status itself."""

from __future__ import annotations

import pytest

from institutions.choices import FilingAction, FilingStatus, InstitutionStatus
from institutions.models import Filing, Institution
from supervision.choices import ComplaintStatus, InspectionStatus, RectificationStatus
from supervision.models import Complaint, Inspection, Rectification
from tests.builders.complaints import STEPS, make_complaint_about, make_complaint_elsewhere
from tests.builders.filings import deregister_institution, make_filed_institution, make_filing
from tests.builders.inspections import make_draft_inspection, make_finished_inspection
from tests.builders.rectifications import (
    make_answered_rectification,
    make_open_rectification,
    make_overdue_rectification,
    make_sent_back_rectification,
    make_verified_rectification,
)
from tests.builders.register import make_imported_institution, make_institution, make_staff_compliant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", FilingStatus.values)
def test_a_filing_in_each_status(status, institution, operator):
    filing = make_filing(status, make_staff_compliant(institution), operator)
    assert Filing.objects.get(pk=filing.pk).status == status
    steps = filing.events.filter(action__in=[*FilingAction.values, "create"]).order_by("at", "pk")
    assert steps.last().to_status == status
    assert [e.from_status for e in steps[1:]] == [e.to_status for e in steps][:-1]  # one step after the other


def test_institutions_registered_filed_deregistered_and_taken_over(operator, haibin):
    assert make_institution(operator=operator, jurisdiction=haibin).status == InstitutionStatus.DRAFT
    filed = make_filed_institution(operator, haibin)
    assert filed.filings.get().status == FilingStatus.FILED
    closed = deregister_institution(filed)
    assert Institution.objects.get(pk=closed.pk).status == InstitutionStatus.CLOSED
    assert list(closed.filings.values_list("kind", "status").order_by("pk")) == [
        ("initial", FilingStatus.FILED),
        ("deregistration", FilingStatus.FILED),
    ]
    for status in (InstitutionStatus.FILED, InstitutionStatus.SUSPENDED, InstitutionStatus.CLOSED):
        taken_over = make_imported_institution(haibin, operator=operator, status=status)
        assert (taken_over.status, taken_over.filings.count()) == (status, 0)
        assert taken_over.memberships.get().user == operator


def test_draft_and_finished_inspections(operator, official, haibin):
    institution = make_imported_institution(haibin, operator=operator)
    draft = make_draft_inspection(institution, official)
    assert Inspection.objects.get(pk=draft.pk).status == InspectionStatus.DRAFT
    assert not draft.checks.exclude(outcome="").exists()
    finished = make_finished_inspection(institution, official, problems=2, photo=True)
    assert Inspection.objects.get(pk=finished.pk).status == InspectionStatus.FINISHED
    assert finished.checks.filter(outcome="").count() == 0
    assert Rectification.objects.filter(item_check__inspection=finished).count() == 2


@pytest.mark.parametrize(
    ("build", "status", "steps"),
    [
        (make_open_rectification, RectificationStatus.OPEN, ["open"]),
        (make_answered_rectification, RectificationStatus.ANSWERED, ["open", "answer"]),
        (make_verified_rectification, RectificationStatus.VERIFIED, ["open", "answer", "verify"]),
        (make_sent_back_rectification, RectificationStatus.OPEN, ["open", "answer", "send_back"]),
    ],
    ids=["open", "answered", "verified", "sent-back"],
)
def test_a_rectification_in_each_status(build, status, steps, operator, official, haibin):
    rectification = build(make_imported_institution(haibin, operator=operator), official)
    assert Rectification.objects.get(pk=rectification.pk).status == status
    assert list(rectification.events.order_by("pk").values_list("action", flat=True)) == steps


def test_an_overdue_rectification(operator, official, haibin):
    assert make_overdue_rectification(make_imported_institution(haibin, operator=operator), official).is_overdue()


@pytest.mark.parametrize("status", STEPS)
def test_a_complaint_in_each_status(status, operator, official, haibin):
    about = make_complaint_about(make_imported_institution(haibin, operator=operator), to=status)
    elsewhere = make_complaint_elsewhere(haibin, to=status)
    for complaint in (about, elsewhere):
        assert Complaint.objects.get(pk=complaint.pk).status == status
        assert complaint.events.count() == STEPS.index(status) + 1  # submitted, then one event a step
    assert set(ComplaintStatus.values) == set(STEPS)
