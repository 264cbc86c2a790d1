"""变更备案: filed 及时 (promptly) after the change, with no number of days in the national text, so a district
deadline is a setting (CHANGE_FILING_DEADLINE_DAYS, none by default); and it asks for the documents its change
affects."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from institutions.choices import FilingKind
from institutions.filings import selectors
from institutions.filings import services as filings_services
from institutions.filings.services import PLEDGE_TEXT, TransitionError
from institutions.models import Filing
from institutions.register import services as register_services
from tests.builders.filings import make_change_filing, make_draft_filing

pytestmark = pytest.mark.django_db


def required_codes(filing: Filing) -> set[str]:
    return {t.code for t in selectors.required_document_types(filing)}


def change_of(filed, operator, **facts) -> Filing:
    """A draft change filing after the operator changed `facts` of the institution's data."""
    filing = filings_services.start_filing(institution=filed, kind=FilingKind.CHANGE, by=operator)
    register_services.update_institution(institution=filed, by=operator, **facts)
    return filing


# --- The documents a change calls for ----------------------------------------------------------------------


def test_a_new_person_in_charge_calls_for_their_certificates(filed, operator):
    assert required_codes(change_of(filed, operator, principal_name="新负责人")) == {"staff_certificates"}


def test_new_premises_call_for_a_lease_and_the_premises_certificates(filed, operator):
    filing = change_of(filed, operator, address="天津市宝坻区海滨街道新址路8号")
    codes = required_codes(filing)
    assert {"premises_proof", "health_evaluation", "fire_safety"} <= codes
    assert "business_license" not in codes and "staff_certificates" not in codes
    assert ("food_license" in codes) == filed.provides_meals


def test_a_new_name_calls_for_the_new_business_licence(filed, operator):
    filing = make_draft_filing(filed, operator, kind=FilingKind.CHANGE)
    filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=True, proposed={"name": "海滨小星星托育中心（更名）"}
    )
    assert required_codes(filing) == {"business_license"}


def test_a_new_phone_number_calls_for_no_document(filed, operator):
    assert required_codes(change_of(filed, operator, contact_phone="022-29999999")) == set()


def test_an_initial_filing_keeps_its_list(compliant, operator):
    initial = filings_services.start_filing(institution=compliant, kind=FilingKind.INITIAL, by=operator)
    assert {"business_license", "premises_proof", "staff_certificates"} <= required_codes(initial)


def test_a_deregistration_needs_no_document(filed, operator):
    ending = filings_services.start_filing(institution=filed, kind=FilingKind.DEREGISTRATION, by=operator)
    assert required_codes(ending) == set()


def test_a_change_without_the_document_it_calls_for_is_refused(filed, operator, refused_submission):
    filing = change_of(filed, operator, principal_name="新负责人")
    filings_services.update_filing(
        filing=filing,
        by=operator,
        pledge_accepted=True,
        applicant_name="王举办",
        applicant_phone="13800000000",
        change_date=timezone.localdate(),
        change_description="更换负责人",
    )
    with pytest.raises(TransitionError) as refused:
        filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    assert "工作人员资格证书及健康合格证明" in refused.value.messages[0]


# --- The district's deadline ------------------------------------------------------------------------------


def test_no_deadline_by_default_flags_nothing(settings, filed, operator):
    assert settings.CHANGE_FILING_DEADLINE_DAYS == 0
    filing = make_change_filing(filed, operator, name="海滨小星星托育中心（更名）")
    filings_services.update_filing(
        filing=filing, by=operator, pledge_accepted=True, change_date=timezone.localdate() - datetime.timedelta(400)
    )
    assert selectors.change_filed_late(Filing.objects.get(pk=filing.pk)) is None


@pytest.mark.parametrize(("days_after", "late"), [(30, None), (31, 1), (45, 15)])
def test_a_district_deadline_flags_a_change_filed_later(settings, filed, operator, days_after, late):
    settings.CHANGE_FILING_DEADLINE_DAYS = 30
    filing = make_change_filing(filed, operator, name="海滨小星星托育中心（更名）")
    change_date = timezone.localdate() - datetime.timedelta(days=days_after)
    filings_services.update_filing(filing=filing, by=operator, pledge_accepted=True, change_date=change_date)
    filing = filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    assert selectors.change_filed_late(filing) == late


def test_the_late_change_is_flagged_on_the_work_list_and_the_review_page(client, settings, filed, operator, official):
    settings.CHANGE_FILING_DEADLINE_DAYS = 10
    filing = make_change_filing(filed, operator, name="海滨小星星托育中心（更名）")
    change_date = timezone.localdate() - datetime.timedelta(days=14)
    filings_services.update_filing(filing=filing, by=operator, pledge_accepted=True, change_date=change_date)
    filing = filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    client.force_login(official)
    worklist = client.get(reverse("supervision:filing_worklist")).content.decode()
    assert "change-late-badge" in worklist
    review = client.get(reverse("supervision:filing_review", args=[filing.pk])).content.decode()
    assert 'id="change-late"' in review and "change-late-badge" in review


# --- No unsourced "15 days" ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_text_names_fifteen_days_for_a_change(language):
    field = Filing._meta.get_field("change_date")
    with translation.override(language):
        texts = [
            str(PLEDGE_TEXT),
            str(field.help_text),
            render_to_string("institutions/filings/_basic_conditions_notice.html"),
        ]
    for text in texts:
        assert "15 日" not in text and "15日" not in text and "15 days" not in text
