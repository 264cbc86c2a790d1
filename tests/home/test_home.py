"""The role home pages (baodi_care/home/): what each role finds there, in a fixed number of queries, and the demo
district the load_demo command builds."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from institutions.choices import InstitutionStatus
from institutions.models import Institution, validate_uscc
from tests.builders.register import make_institution

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [5, 50])
def test_operator_home_query_count_does_not_grow(client, operator, haibin, rows, django_assert_max_num_queries):
    for _ in range(rows):
        make_institution(operator=operator, jurisdiction=haibin)
    client.force_login(operator)
    with django_assert_max_num_queries(11):  # 11: whether the operator has a second factor is one of them
        response = client.get(reverse("home"))
    assert len(response.context["institutions"]) == rows


def test_commission_overview_counts_what_exists(client, commission, operator, haibin, baoping):
    make_institution(operator=operator, jurisdiction=haibin)
    make_institution(operator=operator, jurisdiction=baoping)
    client.force_login(commission)
    response = client.get(reverse("home"))
    overview = response.context["overview"]
    assert overview["total"] == 2
    assert dict((s.value, n) for s, n in overview["by_status"])[InstitutionStatus.DRAFT] == 2
    rows = {j.name: j.institutions_total for j in overview["jurisdictions"]}
    assert rows["海滨街道"] == 1 and rows["宝平街道"] == 1 and rows["大白庄镇"] == 0


def test_official_todo_lists_their_drafts_only(client, official, institution, other_institution):
    client.force_login(official)
    response = client.get(reverse("home"))
    assert list(response.context["todo"]["drafts"]) == [institution]


def test_demo_data_is_refused_with_debug_off_unless_forced(settings):
    """Demo accounts have a published password and second factor: never loaded into production by mistake."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off") as exc:
        call_command("load_demo", verbosity=0)
    assert "--force" in str(exc.value)
    assert not User.objects.exists() and not Institution.objects.exists()


def test_demo_data_is_idempotent():
    from institutions.models import FeeSchedule, OperatingReport
    from supervision.models import Complaint, Inspection, Rectification

    def counts():
        return (
            User.objects.count(), Institution.objects.count(), Institution.history.count(),
            FeeSchedule.objects.count(), OperatingReport.objects.count(), Inspection.objects.count(),
            Complaint.objects.count(),
        )  # fmt: skip

    call_command("load_demo", "--force", verbosity=0)
    first = counts()
    call_command("load_demo", "--force", verbosity=0)
    assert counts() == first
    # The supervision side has something to show too: every rectification state, open and closed complaints.
    assert set(Rectification.objects.values_list("status", flat=True)) == {"open", "answered", "verified"}
    assert set(Complaint.objects.values_list("status", flat=True)) >= {"received", "closed"}
    assert FeeSchedule.objects.exists() and OperatingReport.objects.exists()
    counts = first
    assert counts[1] >= 30
    assert set(Institution.objects.values_list("status", flat=True)) == set(InstitutionStatus.values)
    assert Institution.objects.values("jurisdiction").distinct().count() >= 5
    # Every category; the demo's registration list adds institutions without one (incomplete until claimed).
    assert Institution.objects.exclude(category="").values("category").distinct().count() == 5
    for code in Institution.objects.values_list("uscc", flat=True):
        validate_uscc(code)
    assert User.objects.filter(role=Role.OFFICIAL).values("jurisdiction").distinct().count() >= 3


# --- Writes name the fields they may change (issue 8) ---------------------------------------------------------
