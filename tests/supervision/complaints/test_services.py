"""Complaints through their services: the whole way with events and history, each forbidden transition, stale
versions, who may handle them, linked inspections (issue 4 §8)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from institutions.choices import InstitutionStatus
from supervision import choices as supervision_choices
from supervision.choices import ComplaintAction, ComplaintCategory, ComplaintStatus, RiskLevel
from supervision.complaints import services as complaints_services
from supervision.models import Complaint, ComplaintEvent, Inspection
from tests.builders.accounts import make_user
from tests.builders.complaints import make_complaint_about
from tests.builders.filings import make_filed_institution
from tests.builders.inspections import make_finished_inspection
from tests.pages import zh

pytestmark = pytest.mark.django_db

NOTE = "已电话联系举报人，核实午睡室值守安排。"
OUTCOME = "经现场检查，该机构午睡时段确有无人值守情况，已责令整改并复查合格。"


# --- Services: transitions -----------------------------------------------------------------------


def test_the_whole_way_with_events_and_history(complaint, official):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.URGENT, version=1)
    complaints_services.triage_complaint(
        complaint=complaint, by=official, risk_level=RiskLevel.HIGH, version=2, note="复核"
    )
    complaints_services.record_handling(complaint=complaint, by=official, note=NOTE, version=3)
    complaints_services.record_handling(complaint=complaint, by=official, note="再次回访", version=4)
    complaints_services.close_complaint(complaint=complaint, by=official, outcome=OUTCOME, version=5)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.risk_level, complaint.outcome, complaint.version) == (
        ComplaintStatus.CLOSED, RiskLevel.HIGH, OUTCOME, 6,
    )  # fmt: skip
    assert complaint.closed_at is not None
    events = list(complaint.events.values_list("action", "from_status", "to_status", "by"))
    assert events == [
        ("submit", "", "received", None),
        ("triage", "received", "triaged", official.pk),
        ("triage", "triaged", "triaged", official.pk),
        ("handle", "triaged", "in_progress", official.pk),
        ("handle", "in_progress", "in_progress", official.pk),
        ("close", "in_progress", "closed", official.pk),
    ]
    assert zh(RiskLevel.URGENT.label) in complaint.events.filter(action="triage").first().note
    assert complaint.history.filter(history_user=official).count() == 5
    # The complainant's phone stays out of the history table.
    assert not hasattr(complaint.history.first(), "contact_phone")


def test_closing_straight_after_triage_is_allowed(complaint, official):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.LOW, version=1)
    complaints_services.close_complaint(complaint=complaint, by=official, outcome="经核实不属实。", version=2)
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.CLOSED


@pytest.mark.parametrize(
    ("steps", "action"),
    [
        ([], "handle"),
        ([], "close"),
        (["triage", "handle"], "triage"),
        (["triage", "close"], "triage"),
        (["triage", "close"], "handle"),
        (["triage", "close"], "close"),
    ],
)
def test_forbidden_transitions_are_refused(complaint, official, steps, action):
    do = {
        "triage": lambda v: complaints_services.triage_complaint(
            complaint=complaint, by=official, risk_level="low", version=v
        ),
        "handle": lambda v: complaints_services.record_handling(complaint=complaint, by=official, note=NOTE, version=v),
        "close": lambda v: complaints_services.close_complaint(
            complaint=complaint, by=official, outcome=OUTCOME, version=v
        ),
    }
    for step in steps:
        do[step](complaint.version)
    before = (complaint.status, complaint.version, complaint.events.count())
    with pytest.raises(complaints_services.ComplaintError) as exc:
        do[action](complaint.version)
    fresh = Complaint.objects.get(pk=complaint.pk)
    expected = complaints_services.COMPLAINT_ILLEGAL_TRANSITION % {
        "status": supervision_choices.COMPLAINT_STATUS_LABELS[fresh.status],
        "action": ComplaintAction(action).label,
    }
    assert exc.value.messages == [str(expected)]
    assert (fresh.status, fresh.version, fresh.events.count()) == before


def test_a_stale_version_is_refused(complaint, official, commission):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.LOW, version=1)
    stale = Complaint.objects.get(pk=complaint.pk)
    stale.version = 1  # a page opened before the triage
    with pytest.raises(complaints_services.StaleComplaintError):
        complaints_services.close_complaint(complaint=stale, by=commission, outcome=OUTCOME, version=1)
    with pytest.raises(complaints_services.StaleComplaintError):
        complaints_services.close_complaint(complaint=complaint, by=commission, outcome=OUTCOME, version="not a number")
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.TRIAGED


def test_two_officials_at_once_cannot_both_win(complaint, official):
    first = Complaint.objects.get(pk=complaint.pk)
    second = Complaint.objects.get(pk=complaint.pk)
    complaints_services.triage_complaint(complaint=first, by=official, risk_level=RiskLevel.LOW, version=1)
    # The second copy still says version 1: only the database's conditional update can tell.
    with pytest.raises(complaints_services.StaleComplaintError):
        complaints_services.triage_complaint(complaint=second, by=official, risk_level=RiskLevel.URGENT, version=1)
    assert Complaint.objects.get(pk=complaint.pk).risk_level == RiskLevel.LOW


def test_only_officials_of_the_jurisdiction_and_the_commission_handle(complaint, other_official, commission, operator):
    for outsider in (other_official, operator, make_user(Role.DEPARTMENT)):
        with pytest.raises(complaints_services.ComplaintError) as exc:
            complaints_services.triage_complaint(complaint=complaint, by=outsider, risk_level=RiskLevel.LOW, version=1)
        assert exc.value.messages == [str(complaints_services.COMPLAINT_NOT_YOURS)]
    complaints_services.triage_complaint(complaint=complaint, by=commission, risk_level=RiskLevel.LOW, version=1)


def test_required_texts(complaint, official):
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.triage_complaint(complaint=complaint, by=official, risk_level="", version=1)
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.LOW, version=1)
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.record_handling(complaint=complaint, by=official, note="  ", version=2)
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.close_complaint(complaint=complaint, by=official, outcome="", version=2)
    assert Complaint.objects.get(pk=complaint.pk).version == 2


def test_an_urgent_triage_tells_the_commission(complaint, official, commission):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.URGENT, version=1)
    assert any(complaint.tracking_code in n.text for n in Notification.objects.filter(recipient=commission))


def test_submit_needs_a_place(haibin):
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.submit_complaint(category=ComplaintCategory.OTHER, description="x", institution_name="某处")
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.submit_complaint(category=ComplaintCategory.OTHER, description="x", jurisdiction=haibin)
    with pytest.raises(ValidationError):
        complaints_services.submit_complaint(
            category="nonsense", description="x", institution_name="某处", jurisdiction=haibin
        )
    assert not Complaint.objects.exists()


def test_link_an_inspection_of_the_same_institution(complaint, official, filed_institution, other_filed):
    inspection = make_finished_inspection(filed_institution)
    complaints_services.link_inspection(complaint=complaint, by=official, inspection=inspection, version=1)
    assert Inspection.objects.get(pk=inspection.pk).complaint == complaint
    assert complaint.events.filter(action=complaints_services.LINK_INSPECTION).exists()
    elsewhere = make_finished_inspection(other_filed)
    with pytest.raises(complaints_services.ComplaintError) as exc:
        complaints_services.link_inspection(complaint=complaint, by=official, inspection=elsewhere, version=2)
    assert exc.value.messages == [str(complaints_services.INSPECTION_OTHER_INSTITUTION)]
    other = make_complaint_about(filed_institution)
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.link_inspection(complaint=other, by=official, inspection=inspection, version=1)


def test_nothing_can_be_linked_to_a_closed_complaint(complaint, official, filed_institution):
    complaints_services.triage_complaint(complaint=complaint, by=official, risk_level=RiskLevel.LOW, version=1)
    complaints_services.close_complaint(complaint=complaint, by=official, outcome=OUTCOME, version=2)
    inspection = make_finished_inspection(filed_institution)
    with pytest.raises(complaints_services.ComplaintError):
        complaints_services.link_inspection(complaint=complaint, by=official, inspection=inspection, version=3)


def test_a_complaint_about_a_filed_institution_goes_to_its_jurisdiction(
    client, other_operator, baoping, other_official
):
    institution = make_filed_institution(other_operator, baoping)
    complaint = make_complaint_about(institution)
    assert complaint.jurisdiction == baoping
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == 1


def test_a_closed_complaint_never_reads_as_a_deregistered_institution():
    with translation.override("en"):
        institution_words = {str(label) for label in InstitutionStatus.labels}
        assert not institution_words & {str(label) for label in supervision_choices.COMPLAINT_STATUS_LABELS.values()}
    assert set(supervision_choices.COMPLAINT_STATUS_LABELS) == set(ComplaintStatus.values)


def test_an_inspection_opened_from_the_complaint_is_in_its_history(complaint, official, filed_institution):
    # create_inspection(complaint=...) records the step in the complaint's history itself.
    inspection = make_finished_inspection(filed_institution, complaint=complaint)
    assert list(complaint.inspections.all()) == [inspection]
    event = complaint.events.get(action=complaints_services.LINK_INSPECTION)
    assert (event.from_status, event.to_status, event.by) == (
        ComplaintStatus.RECEIVED,
        ComplaintStatus.RECEIVED,
        inspection.created_by,
    )
