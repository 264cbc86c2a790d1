"""Opening and submitting filings through their services: which kind may start when, what a submission needs
(pledge, fields, documents), what it freezes, resubmission rounds and document versions (DESIGN §2; issue 3 §2, §7)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from institutions.choices import FilingKind, FilingStatus, InstitutionStatus
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.filings import snapshots
from institutions.filings.services import TransitionError
from institutions.models import Document, Filing
from institutions.register import services as register_services
from tests.builders.files import pdf_upload, png_bytes
from tests.builders.filings import correction, doc_type, make_draft_filing, make_filed_filing, make_submitted_filing

pytestmark = pytest.mark.django_db

# --- Starting filings ---------------------------------------------------------------------------


def kind_refused(kind: str, status: str) -> str:
    return str(
        filings_services.FILING_KIND_NOT_ALLOWED
        % {"kind": FilingKind(kind).label, "status": InstitutionStatus(status).label}
    )


def test_an_initial_filing_starts_only_while_the_institution_is_a_draft(compliant, operator, official, commission):
    filing = filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    assert (filing.status, filing.kind, filing.created_by) == (FilingStatus.DRAFT, FilingKind.INITIAL, operator)
    filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=True, applicant_name="王举办", applicant_phone="13800000000",
        service_start_date=timezone.localdate(),
    )  # fmt: skip
    for t in filings_selectors.required_document_types(filing):
        filings_services.upload_document(filing=filing, document_type=t, upload=pdf_upload(), by=operator)
    filing = filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    filing = filings_services.accept_filing(filing=filing, by=official, version=filing.version)
    filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)
    compliant.refresh_from_db()
    assert compliant.status == InstitutionStatus.FILED

    with pytest.raises(TransitionError) as exc:
        filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    assert exc.value.messages == [kind_refused(FilingKind.INITIAL, InstitutionStatus.FILED)]


@pytest.mark.parametrize("kind", [FilingKind.CHANGE, FilingKind.DEREGISTRATION])
def test_change_and_deregistration_need_a_filed_institution(kind, institution, operator):
    with pytest.raises(TransitionError) as exc:
        filings_services.start_filing(institution=institution, kind=kind, by=operator)
    assert exc.value.messages == [kind_refused(kind, InstitutionStatus.DRAFT)]
    assert not institution.filings.exists()


@pytest.mark.parametrize("kind", [FilingKind.CHANGE, FilingKind.DEREGISTRATION])
def test_change_and_deregistration_start_once_filed(kind, compliant, operator, official, commission):
    make_filed_filing(compliant, operator, official, commission)
    filing = filings_services.start_filing(institution=compliant, kind=kind, by=operator)
    assert (filing.status, filing.kind) == (FilingStatus.DRAFT, kind)


def test_only_one_open_filing_per_institution(compliant, operator, official):
    first = make_submitted_filing(compliant, operator)
    with pytest.raises(TransitionError) as exc:
        filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    assert exc.value.messages == [str(filings_services.FILING_ALREADY_OPEN)]

    filings_services.reject_filing(filing=first, by=official, version=first.version, reason="材料不全")
    second = filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    assert second.status == FilingStatus.DRAFT


def test_only_a_member_operator_may_start_a_filing(institution, other_operator, official):
    for user in (other_operator, official):
        with pytest.raises(PermissionDenied):
            filings_services.start_filing(institution=institution, kind=FilingKind.INITIAL, by=user)


# --- What a submission needs ---------------------------------------------------------------------


def test_submission_needs_the_pledge(compliant, operator, refused_submission):
    filing = make_draft_filing(compliant, operator, pledge=False)
    assert filing.pledge_text == ""
    assert refused_submission(filing, operator) == [str(filings_services.FILING_PLEDGE_REQUIRED)]


def test_accepting_the_pledge_stores_its_text(compliant, operator):
    filing = make_draft_filing(compliant, operator)
    assert filing.pledge_accepted
    assert filing.pledge_text.startswith("本机构郑重承诺")  # stored in the portal's language
    # The national text says a change is filed 及时: the pledge names no number of days (DESIGN §2).
    assert "15" not in filing.pledge_text and "及时" in filing.pledge_text


def test_submission_needs_the_filing_form_fields(compliant, operator, refused_submission):
    filing = make_draft_filing(compliant, operator, applicant_phone="", service_start_date=None)
    labels = [str(Filing._meta.get_field(f).verbose_name) for f in ("applicant_phone", "service_start_date")]
    assert refused_submission(filing, operator) == [
        str(filings_services.FILING_FIELDS_MISSING % {"fields": "、".join(labels)})
    ]


def test_submission_needs_every_required_document(compliant, operator, refused_submission):
    filing = make_draft_filing(compliant, operator, skip_documents={"fire_safety", "premises_proof"})
    [message] = refused_submission(filing, operator)
    assert message.startswith(str(filings_services.FILING_DOCUMENTS_MISSING).split("%")[0])
    assert str(doc_type("fire_safety")) in message
    assert str(doc_type("premises_proof")) in message
    assert str(doc_type("business_license")) not in message


def test_the_initial_filing_requires_the_documents_of_design_section_2(compliant, operator):
    filing = filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    codes = {t.code for t in filings_selectors.required_document_types(filing)}
    assert codes == {
        "business_license", "premises_proof", "staff_certificates", "health_evaluation", "fire_safety", "food_license",
    }  # fmt: skip


def test_the_food_licence_is_required_when_meals_are_served(compliant, operator, refused_submission):
    assert compliant.provides_meals
    filing = make_draft_filing(compliant, operator, skip_documents={"food_license"})
    [message] = refused_submission(filing, operator)
    assert str(doc_type("food_license")) in message


def test_the_food_licence_is_not_required_without_meals(compliant, operator):
    register_services.update_institution(institution=compliant, by=operator, provides_meals=False)
    filing = make_draft_filing(compliant, operator, skip_documents={"food_license"})
    assert doc_type("food_license") not in filings_selectors.required_document_types(filing)
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED


def test_submission_freezes_the_snapshot_and_findings(compliant, operator):
    filing = make_submitted_filing(compliant, operator)
    address = filing.snapshot["institution"]["address"]
    register_services.update_institution(institution=compliant, by=operator, address="天津市宝坻区海滨街道改后路1号")
    filing.refresh_from_db()
    assert filing.snapshot["institution"]["address"] == address != "天津市宝坻区海滨街道改后路1号"
    assert filing.findings == []  # a compliant institution
    assert filing.round == 1
    assert filing.submitted_at and filing.first_submitted_at == filing.submitted_at


def test_a_submitted_filing_takes_no_new_documents(compliant, operator):
    filing = make_submitted_filing(compliant, operator)
    with pytest.raises(PermissionDenied):
        filings_services.upload_document(
            filing=filing, document_type=doc_type("other"), upload=pdf_upload(), by=operator
        )


# --- Resubmission and document versions ---------------------------------------------------------------


def test_a_resubmission_is_a_new_round_that_keeps_the_returned_one(compliant, operator, official, settings):
    filing = make_submitted_filing(compliant, operator)
    first_snapshot = filing.snapshot
    certificates = doc_type("staff_certificates")
    v1 = filing.documents.get(document_type=certificates)
    v1_bytes = v1.file.read()
    v1.file.close()

    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    filing.refresh_from_db()
    # Only the staff data was marked: the materials were complete, so the clocks keep their first receipt.
    received = (filing.received_on, filing.receipt_due, filing.answer_due)
    assert (filing.status, filing.round) == (FilingStatus.RETURNED, 1) and all(received)
    assert filing.returned_snapshot == first_snapshot

    register_services.update_institution(institution=compliant, by=operator, address="天津市宝坻区海滨街道新路1号")
    png = SimpleUploadedFile("证书.png", png_bytes(), content_type="image/png")
    v2 = filings_services.upload_document(filing=filing, document_type=certificates, upload=png, by=operator)
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)

    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    assert filing.round == 2
    assert filing.returned_snapshot == first_snapshot
    assert filing.snapshot["institution"]["address"] == "天津市宝坻区海滨街道新路1号"
    assert (filing.received_on, filing.receipt_due, filing.answer_due) == received

    versions = list(filing.documents.filter(document_type=certificates).order_by("version"))
    assert [(d.pk, d.version, d.submitted_in_round) for d in versions] == [(v1.pk, 1, 1), (v2.pk, 2, 2)]
    assert versions[0].file.name != versions[1].file.name
    with versions[0].file.open("rb") as f:
        assert f.read() == v1_bytes
    assert (Path(settings.MEDIA_ROOT) / versions[0].file.name).exists()
    assert list(filing.documents.current().filter(document_type=certificates)) == [versions[1]]
    assert Document.objects.filter(filing=filing).count() == len(filings_selectors.required_document_types(filing)) + 1


# --- What changed since the return ---------------------------------------------------------------------


def renew_health_certificates(institution, operator, until: datetime.date) -> None:
    """The operator edits the staff rows (the staff formset, through save_institution_rows)."""
    from institutions.register.forms import StaffFormSet

    members = list(StaffFormSet(instance=institution).get_queryset())
    data = {
        "staff-TOTAL_FORMS": str(len(members)),
        "staff-INITIAL_FORMS": str(len(members)),
        "staff-MIN_NUM_FORMS": "0",
        "staff-MAX_NUM_FORMS": "1000",
    }
    for i, m in enumerate(members):
        row = {
            "id": m.pk, "name": m.name, "role": m.role, "class_group": m.class_group_id or "",
            "education": m.education, "management_years": m.management_years, "qualification": m.qualification,
            "qualification_expiry": m.qualification_expiry or "", "health_certificate_expiry": until.isoformat(),
        }  # fmt: skip
        if m.training_passed:
            row["training_passed"] = "on"
        if m.full_time:
            row["full_time"] = "on"
        data.update({f"staff-{i}-{k}": v for k, v in row.items()})
    formset = StaffFormSet(data, instance=institution)
    assert formset.is_valid(), formset.errors
    register_services.save_institution_rows(institution=institution, by=operator, formset=formset)


def test_a_renewed_health_certificate_shows_as_changed_since_the_return(compliant, operator, official):
    """The reviewer asked for renewed health certificates; the resubmission must show that they were."""
    filing = make_submitted_filing(compliant, operator)
    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    until = timezone.localdate() + datetime.timedelta(days=1500)

    renew_health_certificates(compliant, operator, until)
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)

    filing.refresh_from_db()
    since_return = snapshots.diff(filing.returned_snapshot, filing.snapshot)
    assert since_return["changed"]
    added = since_return["staff"]["added"]
    assert len(added) == compliant.staff.count()
    assert all(until.isoformat() in row for row in added)
    assert any("李负责" in row for row in added)
    history = compliant.staff.get(name="李负责").history.order_by("history_date", "history_id").last()
    assert history.history_user == operator
