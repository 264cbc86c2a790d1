"""`manage.py generate_scale_data` (issue 11 §1): a benchmark data set that keeps the rules the services keep, in
which the generated accounts work as users would."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.urls import reverse
from django_otp.oath import TOTP

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.home.scale.generator import SCALE_PASSWORD, SCALE_TOTP_KEY
from institutions.choices import FilingKind, FilingStatus, InstitutionStatus
from institutions.filings import services as filings_services
from institutions.models import FeeSchedule, Filing, Institution, OperatingReport, ReceiptCounter
from supervision.models import Complaint, Inspection, ItemCheck, Rectification

pytestmark = pytest.mark.django_db

OPEN = [FilingStatus.DRAFT, FilingStatus.SUBMITTED, FilingStatus.RETURNED, FilingStatus.ACCEPTED]


@pytest.fixture
def generated(settings):
    settings.DEBUG = True
    call_command("generate_scale_data", institutions=400, complaints=60, stdout=io.StringIO())
    return Institution.objects.filter(name__regex=r"\d+$")


def test_the_sizes_asked_for_are_made_in_every_state(generated):
    assert generated.count() == 400
    statuses = Counter(generated.values_list("status", flat=True))
    assert set(statuses) == set(InstitutionStatus.values)
    assert statuses[InstitutionStatus.FILED] > 200  # most are filed
    assert set(Filing.objects.values_list("status", flat=True)) == set(FilingStatus.values)
    assert set(Filing.objects.values_list("kind", flat=True)) == set(FilingKind.values)
    assert Complaint.objects.count() == 60
    assert Inspection.objects.filter(status="finished", result="rectify").exists()
    years = {d.year for d in Filing.objects.exclude(decided_at=None).values_list("decided_at", flat=True)}
    assert len(years) >= 4  # history over several years


def test_jurisdiction_sizes_are_skewed(generated):
    sizes = sorted(generated.values("jurisdiction").annotate(n=Count("pk")).values_list("n", flat=True))
    assert sizes[-1] >= 4 * sizes[0]


def test_it_keeps_the_rules_the_services_keep(generated):
    # A filed institution has exactly one acknowledged initial filing, with a receipt number; none has two open.
    filed = generated.exclude(status=InstitutionStatus.DRAFT).annotate(
        initial=Count("filings", filter=Q(filings__kind=FilingKind.INITIAL, filings__status=FilingStatus.FILED)),
        open=Count("filings", filter=Q(filings__status__in=OPEN)),
    )
    assert set(filed.values_list("initial", flat=True)) == {1}
    assert (
        max(
            generated.annotate(open=Count("filings", filter=Q(filings__status__in=OPEN))).values_list("open", flat=True)
        )
        == 1
    )
    assert not Filing.objects.filter(status=FilingStatus.FILED, receipt_number=None).exists()
    assert not generated.filter(status=InstitutionStatus.DRAFT, filings__status=FilingStatus.FILED).exists()
    # One published fee disclosure per filed institution; a report a month at most (a unique constraint too).
    published = FeeSchedule.objects.filter(status="published").values("institution").annotate(n=Count("pk"))
    assert {row["n"] for row in published} == {1}
    assert OperatingReport.objects.exists()
    # One check per checklist item; a rectification only for an item found non-compliant, of a finished inspection.
    finished = Inspection.objects.filter(status="finished").select_related("template").first()
    assert ItemCheck.objects.filter(inspection=finished).count() == finished.template.items.count()
    assert not Rectification.objects.exclude(item_check__outcome="non_compliant").exists()
    assert not Inspection.objects.filter(result="compliant", checks__outcome="non_compliant").exists()


def test_the_institutions_pass_the_registers_own_checks(generated):
    for institution in generated.order_by("?")[:25]:
        institution.full_clean()  # a valid credit code, phone and the rest, as the register form asks


def test_a_receipt_issued_afterwards_takes_the_next_number(generated, commission_user_of_scale):
    year_counter = ReceiptCounter.objects.order_by("-year").first()
    number = filings_services.next_receipt_number(year_counter.year)
    assert not Filing.objects.filter(receipt_number=number).exists()


@pytest.fixture
def commission_user_of_scale(generated):
    return User.objects.get(username="scale_commission_1")


def test_generated_accounts_sign_in_with_the_published_password_and_authenticator(client, generated):
    official = User.objects.get(username="scale_official_1_1")
    assert official.role == Role.OFFICIAL
    response = client.post(reverse("accounts:login"), {"username": official.username, "password": SCALE_PASSWORD})
    assert response.status_code == 302
    code = str(TOTP(bytes.fromhex(SCALE_TOTP_KEY)).token()).zfill(6)
    response = client.post(reverse("accounts:second_factor_verify"), {"code": code}, follow=True)
    assert response.status_code == 200
    page = client.get(reverse("supervision:filing_worklist"))
    assert page.status_code == 200
    own = Institution.objects.filter(jurisdiction=official.jurisdiction, filings__status=FilingStatus.SUBMITTED)
    if own.exists():
        assert own.first().name in page.content.decode()


def test_operators_own_what_they_were_given(client, generated):
    operator = User.objects.get(username="scale_operator_1")
    institution = operator.memberships.get().institution if operator.memberships.count() == 1 else None
    client.force_login(operator)
    assert (
        client.get(reverse("institutions:detail", args=[operator.memberships.first().institution_id])).status_code
        == 200
    )
    if institution is not None:
        assert institution.name in client.get(reverse("home")).content.decode()


def test_it_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_scale_data", institutions=5, stdout=io.StringIO())
    assert not Institution.objects.exists()
