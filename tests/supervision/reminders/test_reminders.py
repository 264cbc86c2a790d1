import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from baodi_care.accounts.models import Notification
from institutions.choices import StaffRole
from institutions.register import services as register_services
from supervision.reminders.services import send_reminders
from tests.builders.fees import make_published_fees
from tests.builders.filings import make_submitted_filing
from tests.builders.rectifications import make_open_rectification
from tests.builders.register import make_imported_institution, make_staff_compliant

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 16)  # a Monday; the 10th (report due day) has passed


def inbox(user) -> list[str]:
    return [n.text for n in Notification.objects.filter(recipient=user)]


def test_an_expiring_certificate_is_reminded_once(operator, institution):
    register_services.add_staff(
        institution=institution, by=operator, name="吴保育", role=StaffRole.CAREGIVER,
        health_certificate_expiry=TODAY + datetime.timedelta(days=12),
    )  # fmt: skip
    first = send_reminders(TODAY, ["certificates"])
    second = send_reminders(TODAY, ["certificates"])
    assert first["certificates"] == 1 and second["certificates"] == 0
    [message] = inbox(operator)
    assert "吴保育" in message and "2026-11-28" in message


def test_a_certificate_far_from_expiry_is_not_reminded(operator, institution):
    register_services.add_staff(
        institution=institution, by=operator, name="郑保育", role=StaffRole.CAREGIVER,
        health_certificate_expiry=TODAY + datetime.timedelta(days=31),
    )  # fmt: skip
    assert send_reminders(TODAY, ["certificates"])["certificates"] == 0


def test_filings_past_their_deadline_remind_the_official_who_holds_them(
    operator, official, other_official, institution
):
    # Submitted Tue 27 Oct: the receipt was due Tue 3 Nov (overdue), the answer is due Tue 17 Nov (soon).
    make_submitted_filing(make_staff_compliant(institution), operator, today=TODAY - datetime.timedelta(days=20))
    assert send_reminders(TODAY, ["filings"])["filings"] == 2
    messages = inbox(official)  # the submission itself, then one reminder per clock
    assert len(messages) == 3
    assert any("2026-11-03" in m and "逾期" in m for m in messages)
    assert any("2026-11-17" in m for m in messages)
    assert inbox(other_official) == []
    assert send_reminders(TODAY, ["filings"])["filings"] == 0


def test_the_command_is_safe_to_run_every_hour(operator, institution):
    register_services.add_staff(
        institution=institution, by=operator, name="冯保健", role=StaffRole.HEALTH,
        qualification_expiry=TODAY + datetime.timedelta(days=3),
    )  # fmt: skip
    out = StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "certificates 1" in out.getvalue()
    before = Notification.objects.count()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=StringIO())
    assert Notification.objects.count() == before


def test_a_bad_date_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "28/11/2026", stdout=StringIO())


def test_a_stale_fee_disclosure_is_reminded_once(operator, haibin):
    institution = make_imported_institution(haibin, operator=operator)
    make_published_fees(
        institution,
        operator,
        valid_from=TODAY - datetime.timedelta(days=400),
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    assert send_reminders(TODAY, ["fees"])["fees"] == 1
    assert send_reminders(TODAY, ["fees"])["fees"] == 0
    assert any("收费公示" in m or "fee disclosure" in m for m in inbox(operator))


def test_a_missing_operating_report_is_reminded_as_due_then_as_overdue(operator, haibin):
    make_imported_institution(haibin, operator=operator)
    before_due = datetime.date(2026, 11, 5)  # October's report is due on 10 November
    assert send_reminders(before_due, ["reports"])["reports"] == 1
    assert send_reminders(before_due, ["reports"])["reports"] == 0
    # After the due day it is overdue: a second, different reminder, also sent once.
    assert send_reminders(TODAY, ["reports"])["reports"] == 1
    assert send_reminders(TODAY, ["reports"])["reports"] == 0
    assert len(inbox(operator)) == 2


def test_an_overdue_rectification_reminds_the_operator_and_the_official(operator, official, haibin):
    from supervision.models import Rectification

    institution = make_imported_institution(haibin, operator=operator)
    rectification = make_open_rectification(institution, official)
    late = rectification.deadline + datetime.timedelta(days=1)
    official_before = len(inbox(official))
    assert send_reminders(late, ["rectifications"])["rectifications"] == 2  # operator and official
    assert len(inbox(official)) == official_before + 1
    assert send_reminders(late, ["rectifications"])["rectifications"] == 0
    assert Rectification.objects.get(pk=rectification.pk).status == "open"
