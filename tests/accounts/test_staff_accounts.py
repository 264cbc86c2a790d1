"""Staff accounts without the Django admin: the commission creates, deactivates, reactivates and moves officials and
member-department users and resets a second factor; a new user sets their password through a one-time link."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.staff import services
from institutions.models import Institution
from tests.builders.accounts import BAOPING, HAIBIN, jurisdiction
from tests.builders.staff import make_staff_account

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Quiet-Meadow-Compass-83"


def link_path() -> str:
    return re.search(r"https?://[^/\s]+(/accounts/welcome/[^\s]+/)", mail.outbox[-1].body).group(1)


def set_password(client, path: str, password: str = NEW_PASSWORD):
    form_url = client.get(path)["Location"]  # Django moves the token into the session first
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_the_commission_creates_an_official_who_sets_a_password_by_link(
    client, commission, haibin, django_capture_on_commit_callbacks
):
    client.force_login(commission)
    data = {"role": Role.OFFICIAL, "username": "off_new", "full_name": "钱街道", "email": "qian@example.cn",
            "phone": "", "jurisdiction": haibin.pk, "department": ""}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:create"), data)
    official = User.objects.get(username="off_new")
    assert response["Location"] == reverse("staff:detail", args=[official.pk])
    assert (official.role, official.jurisdiction, official.has_usable_password()) == (Role.OFFICIAL, haibin, False)
    assert official.history.first().history_user == commission
    client.logout()
    path = link_path()
    assert set_password(client, path).status_code == 302
    official.refresh_from_db()
    assert official.check_password(NEW_PASSWORD)
    # Once only: the link no longer works after the password is set.
    assert client.get(path, follow=True).context["validlink"] is False


def test_the_link_expires(client, commission, haibin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_staff_account(jurisdiction=haibin, by=commission)
    with override_settings(STAFF_PASSWORD_LINK_HOURS=-1):
        assert client.get(link_path(), follow=True).context["validlink"] is False


def test_a_password_reset_token_is_no_welcome_token(client, commission, haibin, django_capture_on_commit_callbacks):
    """The two links have their own salts: one cannot stand in for the other."""
    from django.contrib.auth.tokens import default_token_generator

    from baodi_care.accounts.signup.tokens import staff_password_token

    account = make_staff_account(jurisdiction=haibin, by=commission)
    assert not staff_password_token.check_token(account, default_token_generator.make_token(account))


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"role": Role.OFFICIAL, "jurisdiction": None}, "jurisdiction"),
        ({"role": Role.DEPARTMENT, "department": ""}, "department"),
        ({"role": Role.COMMISSION}, "role"),
        ({"username": "wjw"}, "username"),
    ],
)
def test_bad_accounts_are_refused(commission, haibin, fields, error_field):
    base = {"username": "x1", "full_name": "某", "email": "x1@example.cn", "role": Role.OFFICIAL,
            "jurisdiction": haibin, "department": ""}  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.create_staff_user(by=commission, **{**base, **fields})
    assert error_field in exc.value.error_dict


def test_only_the_commission_manages_staff(official, department, haibin, commission):
    with pytest.raises(PermissionDenied):
        services.create_staff_user(by=official, username="a", full_name="a", email="a@example.cn",
                                   role=Role.OFFICIAL, jurisdiction=haibin)  # fmt: skip
    account = make_staff_account(jurisdiction=haibin, by=commission)
    with pytest.raises(PermissionDenied):
        services.deactivate_user(user=account, by=department)
    with pytest.raises(PermissionDenied):
        services.deactivate_user(user=commission, by=commission)  # nor itself, nor the commission's accounts


def test_deactivated_accounts_cannot_sign_in_and_reactivated_ones_can(client, commission, official):
    client.force_login(commission)
    client.post(reverse("staff:deactivate", args=[official.pk]))
    official.refresh_from_db()
    assert not official.is_active
    client.force_login(official)
    assert client.get(reverse("supervision:filing_worklist")).status_code == 302  # no longer signed in
    client.force_login(commission)
    client.post(reverse("staff:reactivate", args=[official.pk]))
    official.refresh_from_db()
    assert official.is_active
    reasons = list(official.history.exclude(history_change_reason=None).values_list("history_change_reason", flat=True))
    assert reasons == ["reactivated by the commission", "deactivated by the commission"]


def test_deactivating_ends_the_accounts_open_sessions(client, commission, official):
    """A session the official opened before is over with the deactivation (ASVS 5.0 7.4.2)."""
    from django.test import Client

    theirs = Client()
    theirs.force_login(official)
    assert theirs.get(reverse("supervision:filing_worklist")).status_code == 200
    client.force_login(commission)
    client.post(reverse("staff:deactivate", args=[official.pk]))
    response = theirs.get(reverse("supervision:filing_worklist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_moving_an_official_changes_what_they_see_and_keeps_the_old_jurisdiction(
    client, commission, official, institution
):
    baoping = jurisdiction(BAOPING)
    assert institution in Institution.objects.for_user(official)
    client.force_login(commission)
    response = client.post(reverse("staff:move", args=[official.pk]), {"jurisdiction": baoping.pk})
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.jurisdiction == baoping
    assert institution not in Institution.objects.for_user(official)
    old, new = official.history.order_by("history_id")[::-1][1], official.history.first()
    assert (old.jurisdiction_id, new.jurisdiction_id) == (jurisdiction(HAIBIN).pk, baoping.pk)
    assert new.history_user == commission
    page = client.get(reverse("staff:detail", args=[official.pk])).content.decode()
    assert "海滨街道" in page and "宝平街道" in page


def test_moving_to_the_same_place_or_a_department_user_is_refused(client, commission, official, department):
    client.force_login(commission)
    response = client.post(reverse("staff:move", args=[official.pk]), {"jurisdiction": official.jurisdiction_id})
    assert response.status_code == 200
    assert str(services.SAME_JURISDICTION) in response.context["move_form"].errors["jurisdiction"]
    with pytest.raises(ValidationError):
        services.move_official(user=department, jurisdiction=official.jurisdiction, by=commission)


def test_the_list_shows_staff_accounts_filtered_by_role(client, commission, official, department, operator):
    client.force_login(commission)
    page = client.get(reverse("staff:list"), {"role": Role.OFFICIAL}).content.decode()
    assert official.username in page and department.username not in page
    everything = client.get(reverse("staff:list")).content.decode()
    assert department.username in everything and operator.username not in everything
    assert client.get(reverse("staff:detail", args=[operator.pk])).status_code == 404


def test_the_commission_resets_a_second_factor(client, commission, official):
    if not apps.is_installed("django_otp"):
        pytest.skip("no second factor in this installation yet")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=official, name="phone", confirmed=True)
    client.force_login(commission)
    response = client.post(reverse("staff:reset_second_factor", args=[official.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=official).exists()
