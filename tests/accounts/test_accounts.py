import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction
from tests.builders.accounts import PASSWORD, change_password, make_user

pytestmark = pytest.mark.django_db


def test_the_24_jurisdictions_are_seeded_with_their_statistics_codes():
    assert Jurisdiction.objects.count() == 24
    assert Jurisdiction.objects.filter(kind="subdistrict").count() == 6
    assert Jurisdiction.objects.filter(kind="town").count() == 18
    haibin = Jurisdiction.objects.get(name="海滨街道")
    assert haibin.code == "120115001000"
    assert Jurisdiction.objects.get(name="大白庄镇").code == "120115127000"
    assert all(re.fullmatch(r"120115\d{3}000", code) for code in Jurisdiction.objects.values_list("code", flat=True))


def test_an_official_must_belong_to_a_jurisdiction():
    with pytest.raises(IntegrityError):
        make_user(Role.OFFICIAL, jurisdiction=None)


def test_sign_in_with_the_form_lands_on_the_home_page(client, operator):
    response = client.post(reverse("accounts:login"), {"username": "op_wang", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == operator


def test_an_official_signing_in_with_the_form_is_asked_to_set_up_the_second_factor(client, official):
    response = client.post(reverse("accounts:login"), {"username": "off_haibin", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:second_factor_enrol") + "?next=/"
    assert response.context["user"] == official


def test_a_wrong_password_is_refused_in_chinese(client, official):
    response = client.post(reverse("accounts:login"), {"username": "off_haibin", "password": "wrong-password"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_repeated_failures_lock_the_account(client, official):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "off_haibin", "password": "wrong-password"})
    response = client.post(reverse("accounts:login"), {"username": "off_haibin", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_password_reset_sends_a_working_link(client, official):
    response = client.post(reverse("accounts:password_reset"), {"email": official.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.context["validlink"] is True
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": "n3w-Passw0rd-x", "new_password2": "n3w-Passw0rd-x"}
    )
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.check_password("n3w-Passw0rd-x")


def test_sessions_end_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_header_names_the_user_role_and_jurisdiction(client, official):
    client.force_login(official)
    html = client.get(reverse("home")).content.decode()
    assert "张街道" in html
    assert "街镇工作人员" in html
    assert "海滨街道" in html


def test_profile_saves_contact_details_but_not_the_email_address(client, operator):
    """The e-mail address changes only with the password and a link (tests/accounts/test_account_changes.py)."""
    email = operator.email
    client.force_login(operator)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "王新名", "email": "new@example.cn", "phone": "13800000000", "password": PASSWORD},
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert (operator.full_name, operator.email, operator.phone) == ("王新名", email, "13800000000")
    assert operator.history.count() >= 2


def test_profile_rejects_a_bad_phone_and_keeps_what_was_saved(client, operator):
    client.force_login(operator)
    response = client.post(reverse("accounts:profile"), {"full_name": "王新名", "phone": "1" * 30})
    assert response.status_code == 200
    operator.refresh_from_db()
    assert operator.full_name == "王举办"


def test_password_change_works(client, operator):
    client.force_login(operator)
    response = change_password(client, "an0ther-Secret")
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.check_password("an0ther-Secret")
