"""普惠 and 示范 are granted by the health commission, never ticked by the operator: on the operator's application
or on the commission's own initiative, each decision with its date and basis, and a history that is kept."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.models import Notification
from institutions.choices import ApplicationStatus, Designation, DesignationAction
from institutions.designations import services
from institutions.models import DesignationApplication, DesignationEvent, Institution
from institutions.register import services as register_services
from tests.builders.filings import make_filed_institution
from tests.builders.register import facts, grant, make_institution

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
BASIS = "宝卫健〔2026〕12号"


def apply(institution, operator, designation=Designation.INCLUSIVE, note="收费低于市场价"):
    return services.apply_for_designation(institution=institution, designation=designation, by=operator, note=note)


# --- The operator cannot set it ---------------------------------------------------------------------------


def test_the_operators_form_has_no_checkbox_for_either_status(client, operator, institution):
    client.force_login(operator)
    page = client.get(reverse("institutions:edit", args=[institution.pk])).content.decode()
    assert 'name="is_inclusive"' not in page
    assert 'name="is_demonstration"' not in page


def test_a_posted_tick_sets_nothing(client, operator, registration_data):
    client.force_login(operator)
    response = client.post(reverse("institutions:create"), registration_data(is_inclusive="on", is_demonstration="on"))
    assert response.status_code == 302
    institution = Institution.objects.get(name="海滨新苗托育园")
    assert (institution.is_inclusive, institution.is_demonstration) == (False, False)


def test_an_edit_post_keeps_the_granted_status(client, operator, institution, registration_data):
    grant(institution, Designation.INCLUSIVE)
    client.force_login(operator)
    data = registration_data(uscc=institution.uscc, name=institution.name)
    del data["is_inclusive"]  # an unticked box is simply absent from the post
    response = client.post(reverse("institutions:edit", args=[institution.pk]), data)
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.is_inclusive is True


def test_the_register_services_refuse_the_status_among_the_facts(operator, haibin):
    with pytest.raises(ValueError, match="is_inclusive"):
        register_services.register_institution(by=operator, **facts(haibin), is_inclusive=True)


def test_the_operator_cannot_grant_or_decide(operator, institution):
    with pytest.raises(PermissionDenied):
        services.change_designation(
            institution=institution, designation=Designation.INCLUSIVE, holds=True, by=operator,
            decided_on=YESTERDAY, basis=BASIS,
        )  # fmt: skip
    application = apply(institution, operator)
    with pytest.raises(PermissionDenied):
        services.decide_application(application=application, by=operator, grant=True, decided_on=YESTERDAY, basis=BASIS)


def test_the_operator_posting_to_the_commissions_urls_is_refused(client, operator, institution):
    application = apply(institution, operator)
    client.force_login(operator)
    data = {"designation": "inclusive", "decided_on": YESTERDAY.isoformat(), "basis": BASIS, "action": "grant"}
    assert client.post(reverse("institutions:designation_change", args=[institution.pk]), data).status_code == 403
    assert client.post(reverse("institutions:designation_decide", args=[application.pk]), data).status_code == 403
    institution.refresh_from_db()
    assert institution.is_inclusive is False


# --- Application and decision -----------------------------------------------------------------------------


def test_the_operator_applies_and_the_commission_is_told(client, operator, commission, institution):
    client.force_login(operator)
    response = client.post(
        reverse("institutions:designation_apply", args=[institution.pk]),
        {"designation": "inclusive", "note": "托育费每月2000元以下"},
    )
    application = DesignationApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert (application.status, application.note, application.applied_by) == (
        "pending",
        "托育费每月2000元以下",
        operator,
    )
    assert Notification.objects.filter(recipient=commission, url=application.get_absolute_url()).exists()
    institution.refresh_from_db()
    assert institution.is_inclusive is False  # applied for, not granted
    page = client.get(institution.get_absolute_url()).content.decode()
    assert "Application awaiting decision" in page or "申请待认定" in page


def test_a_second_application_for_the_same_status_is_refused(operator, institution):
    apply(institution, operator)
    with pytest.raises(ValidationError) as exc:
        apply(institution, operator)
    assert services.ALREADY_APPLIED in exc.value.messages
    apply(institution, operator, Designation.DEMONSTRATION)  # the other status is a separate application


def test_the_commission_grants_an_application_with_date_and_basis(client, operator, commission, institution):
    application = apply(institution, operator)
    client.force_login(commission)
    response = client.post(
        reverse("institutions:designation_decide", args=[application.pk]),
        {"decided_on": YESTERDAY.isoformat(), "basis": BASIS, "action": "grant"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    institution.refresh_from_db()
    assert (application.status, application.decided_on, application.basis) == ("granted", YESTERDAY, BASIS)
    assert institution.is_inclusive is True
    actions = list(DesignationEvent.objects.filter(institution=institution).values_list("action", flat=True))
    assert actions == [DesignationAction.APPLIED, DesignationAction.GRANTED]
    assert Notification.objects.filter(recipient=operator, url=application.get_absolute_url()).exists()
    # The institution's history names the decision too.
    assert institution.history.first().history_change_reason.endswith(BASIS)


def test_the_commission_refuses_an_application(operator, commission, institution):
    application = apply(institution, operator)
    services.decide_application(application=application, by=commission, grant=False, decided_on=YESTERDAY, basis=BASIS)
    institution.refresh_from_db()
    assert institution.is_inclusive is False
    assert DesignationApplication.objects.get().status == ApplicationStatus.REFUSED
    with pytest.raises(ValidationError) as exc:
        services.decide_application(
            application=application, by=commission, grant=True, decided_on=YESTERDAY, basis=BASIS
        )
    assert services.APPLICATION_DECIDED in exc.value.messages


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decided_on": YESTERDAY.isoformat(), "basis": " "}, "basis"),
        ({"decided_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(), "basis": BASIS}, "decided_on"),
        ({"decided_on": "2026-13-45", "basis": BASIS}, "decided_on"),
    ],
)
def test_a_decision_without_basis_or_with_a_bad_date_is_refused_with_a_message(
    client, operator, commission, institution, data, field
):
    application = apply(institution, operator)
    client.force_login(commission)
    response = client.post(
        reverse("institutions:designation_decide", args=[application.pk]), {**data, "action": "grant"}
    )
    assert response.status_code in (200, 302)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    if response.status_code == 200:
        assert response.context["form"].errors or response.context["messages"]


# --- The commission's own initiative, and the history ------------------------------------------------------


def test_the_commission_grants_and_withdraws_on_its_own_initiative_with_history(client, commission, institution):
    client.force_login(commission)
    url = reverse("institutions:designation_change", args=[institution.pk])
    data = {"designation": "demonstration", "decided_on": YESTERDAY.isoformat(), "basis": BASIS}
    assert client.post(url, {**data, "action": "grant"}).status_code == 302
    institution.refresh_from_db()
    assert institution.is_demonstration is True
    withdrawn = {**data, "basis": "宝卫健〔2026〕30号 复核不合格", "decided_on": timezone.localdate().isoformat()}
    assert client.post(url, {**withdrawn, "action": "withdraw"}).status_code == 302
    institution.refresh_from_db()
    assert institution.is_demonstration is False
    events = list(DesignationEvent.objects.filter(institution=institution).order_by("at", "pk"))
    assert [(e.action, e.holds, e.basis) for e in events] == [
        (DesignationAction.GRANTED, True, BASIS),
        (DesignationAction.WITHDRAWN, False, "宝卫健〔2026〕30号 复核不合格"),
    ]
    page = client.get(institution.get_absolute_url()).content.decode()
    assert "宝卫健〔2026〕30号 复核不合格" in page and BASIS in page  # both decisions in the page's history


def test_withdrawing_what_is_not_held_is_refused(client, commission, institution):
    client.force_login(commission)
    url = reverse("institutions:designation_change", args=[institution.pk])
    data = {"designation": "inclusive", "decided_on": YESTERDAY.isoformat(), "basis": BASIS, "action": "withdraw"}
    response = client.post(url, data, follow=True)
    assert str(services.NOT_HELD) in [str(m) for m in response.context["messages"]]


def test_a_grant_on_own_initiative_decides_the_open_application(operator, commission, institution):
    application = apply(institution, operator)
    grant(institution, Designation.INCLUSIVE, by=commission)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED


def test_the_history_is_append_only(commission, institution):
    grant(institution, Designation.INCLUSIVE, by=commission)
    event = DesignationEvent.objects.get()
    event.basis = "改过的依据"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        DesignationEvent.objects.all().delete()


# --- Where the status shows --------------------------------------------------------------------------------


def test_the_public_page_shows_the_granted_status_with_date_and_basis(client, operator, commission, haibin):
    institution = make_filed_institution(operator, haibin, name="海滨普惠示范园")
    url = reverse("public:institution", args=[institution.pk])
    assert BASIS not in client.get(url).content.decode()
    grant(institution, Designation.INCLUSIVE, by=commission, basis=BASIS)
    page = client.get(url).content.decode()
    assert BASIS in page and YESTERDAY.isoformat() in page
    assert "普惠性托育机构" in page
    register = client.get(reverse("public:register"), {"inclusive": "on"})
    assert [row.pk for row in register.context["institutions"]] == [institution.pk]


def test_the_register_shows_and_filters_the_granted_status(client, operator, commission, haibin):
    granted = grant(make_institution(operator=operator, jurisdiction=haibin), Designation.INCLUSIVE)
    make_institution(operator=operator, jurisdiction=haibin)
    client.force_login(commission)
    response = client.get(reverse("institutions:list"), {"is_inclusive": "true"})
    assert list(response.context["institutions"]) == [granted]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_application_list_query_count_does_not_grow(
    client, operator, commission, haibin, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        apply(make_institution(operator=operator, jurisdiction=haibin), operator)
    client.force_login(commission)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("institutions:designation_list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == rows


def test_the_application_list_opens_on_those_awaiting_decision(client, operator, commission, haibin):
    pending = apply(make_institution(operator=operator, jurisdiction=haibin), operator)
    decided = apply(make_institution(operator=operator, jurisdiction=haibin), operator)
    services.decide_application(application=decided, by=commission, grant=False, decided_on=YESTERDAY, basis=BASIS)
    client.force_login(commission)
    response = client.get(reverse("institutions:designation_list"))
    assert list(response.context["applications"]) == [pending]


# --- The migration of the operators' own ticks -------------------------------------------------------------


def test_the_migration_turns_old_ticks_into_open_applications(operator, haibin):
    institution = make_institution(operator=operator, jurisdiction=haibin)
    Institution.objects.filter(pk=institution.pk).update(is_inclusive=True)  # as the old form left it
    migration = importlib.import_module("institutions.migrations.0012_declared_designations_become_applications")
    migration.declarations_to_applications(django_apps, None)
    institution.refresh_from_db()
    assert institution.is_inclusive is False
    application = DesignationApplication.objects.get(institution=institution)
    assert (application.designation, application.status) == ("inclusive", "pending")
    assert "自行" in application.note
    assert DesignationEvent.objects.get(institution=institution).action == DesignationAction.MIGRATED


def test_the_commission_home_says_how_many_applications_wait(client, operator, commission, institution):
    client.force_login(commission)
    assert 'id="designations-to-decide"' not in client.get(reverse("home")).content.decode()
    apply(institution, operator)
    page = client.get(reverse("home")).content.decode()
    assert 'id="designations-to-decide"' in page
    assert reverse("institutions:designation_list") in page


def test_the_admin_shows_the_history_and_no_checkbox(client, sysadmin, commission, institution):
    grant(institution, Designation.INCLUSIVE, by=commission, basis=BASIS)
    client.force_login(sysadmin)
    page = client.get(reverse("admin:institutions_institution_change", args=[institution.pk])).content.decode()
    assert BASIS in page
    assert 'name="is_inclusive"' not in page
