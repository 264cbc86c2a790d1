"""One row of every append-only table, each made the way the portal makes it (tests/accounts/test_append_only.py).

`make_audit_trail` walks an institution through filing, fees, a report, an inspection with a photo and a
rectification answered with evidence, a complaint, an application for 普惠, a sign-in and sign-out, and the
commission's settings and quality indicators, so that every audit table and every history has a row to try to change.
"""

from __future__ import annotations

import datetime

import pgtrigger
from axes.models import AccessFailureLog, AccessLog
from django.db import models
from django.test import Client
from django.urls import reverse

from baodi_care.accounts.models import User
from institutions.choices import Designation
from institutions.designations.services import apply_for_designation
from institutions.models import Document, DocumentType, FilingEvent, Institution
from supervision.models import ComplaintEvent, EvidenceFile, RectificationEvent
from supervision.plan.services import set_inspection_frequency
from supervision.statistics.services import set_populations
from tests.builders.accounts import PASSWORD
from tests.builders.calendar import make_calendar_day
from tests.builders.complaints import make_complaint_about
from tests.builders.fees import make_published_fees
from tests.builders.filings import make_filed_filing
from tests.builders.inspections import make_checklist_version
from tests.builders.quality import publish_seeded_indicators
from tests.builders.rectifications import answer, make_open_rectification
from tests.builders.register import make_staff_compliant
from tests.builders.reports import make_report


def protected_models() -> list[type[models.Model]]:
    """Every model django-pgtrigger holds an append-only trigger for (axes's tables through their proxies)."""
    found = {model for model, trigger in pgtrigger.registered() if trigger.name.startswith("append_only")}
    return sorted(found, key=lambda model: model._meta.label)


def sign_in_and_out(user: User) -> AccessLog:
    """A real sign-in and sign-out (an operator: no second factor): axes logs it and fills in the logout time."""
    browser = Client()
    browser.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    browser.post(reverse("accounts:logout"))
    return AccessLog.objects.filter(username=user.username).latest("attempt_time")


def make_audit_trail(institution: Institution, operator: User, official: User, commission: User) -> dict:
    """Rows of the audit tables, by model label (the histories fill up along the way)."""
    make_staff_compliant(institution)
    filing = make_filed_filing(institution, operator, official, commission)
    make_published_fees(institution, operator)
    make_report(institution, operator)
    make_calendar_day(datetime.date(2030, 10, 1), name="国庆节")
    set_populations(by=commission, populations={institution.jurisdiction_id: 123_456})
    set_inspection_frequency(by=commission, per_year=3)
    document_type = DocumentType(code="fire-plan", name="消防预案")
    document_type._history_user = commission
    document_type.save()  # the commission adds document types in the admin, which saves the row like this
    rectification = answer(make_open_rectification(institution, official, photo=True))
    make_checklist_version([rectification.item_check.item], by=commission)
    publish_seeded_indicators(commission)  # the indicator template's history
    complaint = make_complaint_about(institution)
    apply_for_designation(institution=institution, designation=Designation.INCLUSIVE, by=operator, note="申请普惠")
    sign_in_and_out(operator)
    AccessFailureLog.objects.create(
        username=operator.username, ip_address="203.0.113.9", user_agent="test", http_accept="*/*", path_info="/"
    )  # axes writes none (AXES_ENABLE_ACCESS_FAILURE_LOG stays off); the table is protected all the same
    return {
        "institutions.FilingEvent": FilingEvent.objects.filter(filing=filing).first(),
        "institutions.Document": Document.objects.filter(filing=filing).first(),
        "supervision.RectificationEvent": RectificationEvent.objects.filter(rectification=rectification).first(),
        "supervision.ComplaintEvent": ComplaintEvent.objects.filter(complaint=complaint).first(),
        "supervision.EvidenceFile": EvidenceFile.objects.filter(rectification=rectification).first(),
        "axes.AccessLog": AccessLog.objects.filter(username=operator.username).first(),
        "axes.AccessFailureLog": AccessFailureLog.objects.first(),
    }
