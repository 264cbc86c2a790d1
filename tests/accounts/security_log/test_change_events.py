"""The security log records refused access (403, and the 404 of an object outside the user's scope), every change
to accounts, roles and memberships, every preview or download of a document or evidence file, every view of a
complainant's name or phone, and every action in the Django admin (ASVS 5.0 16.3.2, 16.3.3; 等保 三级 8.1.4.3 a, b)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from baodi_care.accounts import email_change, sms
from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.security_log.choices import SecurityAction as A
from baodi_care.accounts.security_log.choices import SecurityOutcome as O
from baodi_care.accounts.security_log.models import SecurityLog
from baodi_care.accounts.services import notify
from institutions.choices import ClaimMethod
from institutions.members import services as members_services
from institutions.models import Membership
from supervision.models import EvidenceFile
from tests.builders.accounts import BAOPING, PASSWORD, jurisdiction
from tests.builders.complaints import make_complaint_about, make_complaint_elsewhere
from tests.builders.filings import make_submitted_filing
from tests.builders.inspections import make_finished_inspection
from tests.builders.members import make_invitation
from tests.builders.register import make_imported_institution
from tests.builders.staff import make_staff_account

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Quiet-Meadow-Compass-83"


def entries(action, **filters) -> list[SecurityLog]:
    return list(SecurityLog.objects.filter(action=action, **filters).order_by("pk"))


# --- Refused access --------------------------------------------------------------------------------------------


def test_a_page_refused_to_the_role_is_logged_with_its_path(client, operator):
    client.force_login(operator)
    url = reverse("supervision:filing_worklist")
    assert client.get(url).status_code == 403
    (entry,) = entries(A.ACCESS_REFUSED)
    assert (entry.user, entry.outcome, entry.path, entry.address) == (operator, O.REFUSED, url, "127.0.0.1")
    assert "supervision:filing_worklist" in entry.detail


def test_an_object_outside_the_scope_is_logged_with_its_id(client, official, other_institution):
    """for_user's 404 says nothing to the user about whether the object exists; the log keeps the attempt."""
    client.force_login(official)
    url = reverse("institutions:detail", args=[other_institution.pk])
    assert client.get(url).status_code == 404
    (entry,) = entries(A.NOT_FOUND)
    assert (entry.user, entry.object_id, entry.path, entry.outcome) == (
        official,
        str(other_institution.pk),
        url,
        O.REFUSED,
    )


def test_an_unknown_address_is_no_refusal(client, official):
    client.force_login(official)
    assert client.get("/no-such-page/").status_code == 404
    assert not SecurityLog.objects.filter(action__in=[A.NOT_FOUND, A.ACCESS_REFUSED]).exists()


# --- Accounts and roles ----------------------------------------------------------------------------------------


def test_the_commissions_staff_steps_are_logged(client, commission, haibin, baoping):
    client.force_login(commission)
    data = {"role": Role.AUDITOR, "username": "audit_new", "full_name": "钱审计", "email": "qian@example.cn",
            "phone": "", "jurisdiction": "", "department": ""}  # fmt: skip
    client.post(reverse("staff:create"), data)
    auditor = User.objects.get(username="audit_new")
    official = make_staff_account(jurisdiction=haibin, by=commission)
    for name in ("staff:deactivate", "staff:reactivate", "staff:send_link"):
        client.post(reverse(name, args=[official.pk]))
    client.post(reverse("staff:move", args=[official.pk]), {"jurisdiction": baoping.pk})
    logged = list(
        SecurityLog.objects.filter(object_type="accounts.user")
        .order_by("pk")
        .values_list("action", "user", "object_id")
    )
    assert logged == [
        (A.ACCOUNT_CREATED, commission.pk, str(auditor.pk)),
        (A.ACCOUNT_CREATED, commission.pk, str(official.pk)),
        (A.ACCOUNT_DEACTIVATED, commission.pk, str(official.pk)),
        (A.ACCOUNT_REACTIVATED, commission.pk, str(official.pk)),
        (A.PASSWORD_LINK_SENT, commission.pk, str(official.pk)),
        (A.OFFICIAL_MOVED, commission.pk, str(official.pk)),
    ]
    assert auditor.role == Role.AUDITOR  # the commission makes audit administrators like other staff
    assert entries(A.OFFICIAL_MOVED)[0].detail == "海滨街道 → 宝平街道"


def test_password_changes_and_resets_are_logged(client, operator):
    client.force_login(operator)
    client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.logout()
    client.post(reverse("accounts:password_reset"), {"email": operator.email})
    operator.refresh_from_db()  # the token depends on the password just changed
    uid = urlsafe_base64_encode(force_bytes(operator.pk))
    form_url = client.get(
        reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(operator)])
    )["Location"]
    client.post(form_url, {"new_password1": PASSWORD + "x", "new_password2": PASSWORD + "x"})
    assert [e.user for e in entries(A.PASSWORD_CHANGED)] == [operator]
    (asked,) = entries(A.PASSWORD_RESET_REQUESTED)
    assert (asked.user, asked.username) == (None, operator.email)
    (reset,) = entries(A.PASSWORD_RESET)
    assert (reset.user, reset.object_id) == (operator, str(operator.pk))
    assert "set-password" in reset.path or "<token>" in reset.path  # the one-time token itself is never logged
    assert default_token_generator.make_token(operator) not in reset.path


def test_e_mail_and_phone_changes_are_logged(client, operator, django_capture_on_commit_callbacks):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:email_change"), {"email": "new@example.cn", "password": PASSWORD})
    token = email_change.make_token(operator, "new@example.cn")
    client.post(reverse("accounts:email_confirm", args=[token]))
    client.post(reverse("accounts:profile"), {"full_name": "王举办", "phone": "13900001111", "password": PASSWORD})
    (asked,) = entries(A.EMAIL_CHANGE_REQUESTED)
    (changed,) = entries(A.EMAIL_CHANGED)
    assert (asked.user, changed.user) == (operator, operator)
    assert "new@example.cn" in changed.detail
    assert token not in changed.path
    (profile,) = entries(A.PROFILE_CHANGED)
    assert profile.detail == "phone"


# --- Memberships -----------------------------------------------------------------------------------------------


def test_membership_changes_are_logged(operator, institution, other_operator):
    invitation = make_invitation(institution, operator, email=other_operator.email)
    members_services.accept_invitation(token=members_services.invitation_token(invitation), by=other_operator)
    membership = Membership.objects.get(user=other_operator, institution=institution)
    membership_pk = membership.pk
    members_services.remove_member(membership=membership, by=operator)
    second = make_invitation(institution, operator, email="later@example.cn")
    members_services.withdraw_invitation(invitation=second, by=operator)
    assert [e.detail for e in entries(A.MEMBER_INVITED)] == [other_operator.email, "later@example.cn"]
    added = entries(A.MEMBER_ADDED, user=other_operator)
    assert [e.object_id for e in added] == [str(membership_pk)]
    (removed,) = entries(A.MEMBER_REMOVED)
    assert (removed.user, removed.object_id, removed.detail) == (operator, str(institution.pk), other_operator.username)
    assert [e.detail for e in entries(A.INVITATION_WITHDRAWN)] == ["later@example.cn"]


def test_a_wrong_claim_code_is_logged(operator, haibin, django_capture_on_commit_callbacks):
    imported = make_imported_institution(haibin, contact_phone="13900002222")
    with django_capture_on_commit_callbacks(execute=True):
        claim = members_services.start_claim(uscc=imported.uscc, method=ClaimMethod.CODE, by=operator)
    sent = re.search(r"\b(\d{6})\b", sms.outbox[-1][1]).group(1)
    with pytest.raises(ValidationError):
        members_services.enter_claim_code(claim=claim, code="000000" if sent != "000000" else "111111", by=operator)
    (entry,) = entries(A.CLAIM_CODE)
    assert (entry.user, entry.outcome, entry.object_id) == (operator, O.FAILURE, str(imported.pk))


# --- Files and personal data -----------------------------------------------------------------------------------


def test_every_preview_and_download_of_a_document_is_logged(client, operator, official, institution):
    document = make_submitted_filing(institution, operator).documents.first()
    client.force_login(official)
    assert client.get(reverse("institutions:document_preview", args=[document.pk])).status_code == 200
    assert client.get(reverse("institutions:document_download", args=[document.pk])).status_code == 200
    assert client.get(reverse("institutions:document_download", args=[document.pk])).status_code == 200
    logged = SecurityLog.objects.filter(object_type="institutions.document").order_by("pk")
    assert [(e.action, e.user_id, e.object_id) for e in logged] == [
        (A.FILE_PREVIEW, official.pk, str(document.pk)),
        (A.FILE_DOWNLOAD, official.pk, str(document.pk)),
        (A.FILE_DOWNLOAD, official.pk, str(document.pk)),
    ]


def test_a_download_of_evidence_is_logged(client, official, operator, haibin):
    filed = make_imported_institution(haibin, operator=operator)
    make_finished_inspection(filed, official, problems=1, photo=True)
    photo = EvidenceFile.objects.get()
    client.force_login(official)
    assert client.get(reverse("supervision:evidence_download", args=[photo.pk])).status_code == 200
    (entry,) = entries(A.FILE_DOWNLOAD)
    assert (entry.object_type, entry.object_id, entry.user) == ("supervision.evidencefile", str(photo.pk), official)


def test_every_view_of_a_complainants_name_or_phone_is_logged(client, official, institution, haibin):
    complaint = make_complaint_about(institution)
    anonymous = make_complaint_elsewhere(haibin)
    client.force_login(official)
    for _ in range(2):
        assert client.get(reverse("supervision:complaint_detail", args=[complaint.pk])).status_code == 200
    assert client.get(reverse("supervision:complaint_detail", args=[anonymous.pk])).status_code == 200
    logged = entries(A.COMPLAINANT_VIEWED)
    assert [(e.user, e.object_id, e.detail) for e in logged] == [
        (official, str(complaint.pk), "contact_name, contact_phone")
    ] * 2
    assert str(complaint) in logged[0].object_label


# --- The system administrator ----------------------------------------------------------------------------------


def test_every_change_in_the_django_admin_is_logged(client, sysadmin, official, department):
    client.force_login(sysadmin)
    change = reverse("admin:accounts_jurisdiction_change", args=[jurisdiction(BAOPING).pk])
    form = client.get(change).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data["population"] = 123456
    assert client.post(change, data).status_code == 302
    (changed,) = entries(A.ADMIN_CHANGE)
    assert (changed.user, changed.object_type, changed.object_id) == (
        sysadmin,
        "accounts.jurisdiction",
        str(jurisdiction(BAOPING).pk),
    )
    # Deleting several at once writes its LogEntry rows in one go (no post_save): each is logged all the same.
    # (Accounts are never deleted, only deactivated: inbox entries are what the admin may delete.)
    spare = notify(recipients=[official, department], message=email_change.LINK_INVALID)
    client.post(
        reverse("admin:accounts_notification_changelist"),
        {"action": "delete_selected", "_selected_action": [n.pk for n in spare], "post": "yes"},
    )
    deleted = entries(A.ADMIN_DELETION)
    assert sorted(e.object_id for e in deleted) == sorted(str(n.pk) for n in spare)
    assert {e.user_id for e in deleted} == {sysadmin.pk}
