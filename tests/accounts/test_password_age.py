"""Periodic password change (GB/T 22239-2019 8.1.4.1 a, 定期更换): off by default (ASVS 5.0 6.2.10); with
PASSWORD_MAX_AGE_DAYS set, a user whose password is older changes it before any other page. Every way of choosing a
password sets its time."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts import passwords
from baodi_care.accounts.models import User
from tests.builders.accounts import PASSWORD, give_authenticator, make_user, unverified_login
from tests.builders.staff import make_staff_account
from tests.pages import messages_of, zh

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Quiet-Meadow-Compass-83"
CHANGE = reverse("accounts:password_change")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def age(user, days: int) -> User:
    """The user's password was last chosen `days` days ago."""
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=days))
    user.refresh_from_db()
    return user


def test_off_by_default_even_a_very_old_password_is_not_asked_for(client, settings, operator):
    assert settings.PASSWORD_MAX_AGE_DAYS == 0
    client.force_login(age(operator, 3650))
    assert client.get(reverse("home")).status_code == 200


def test_when_set_an_old_password_is_changed_before_any_other_page(client, settings, operator, institution):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    client.force_login(age(operator, 91))
    response = client.get(institution.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGE}?next={institution.get_absolute_url()}"
    assert messages_of(response) == [zh(passwords.TOO_OLD, days=90)]
    # The change page, signing out and the public pages stay open.
    assert client.get(CHANGE).status_code == 200
    assert client.get(reverse("public:register")).status_code == 200
    response = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    assert client.get(response["Location"]).status_code == 200
    # Changed: every page opens again.
    assert client.get(institution.get_absolute_url()).status_code == 200


def test_a_password_younger_than_the_limit_is_not_asked_for(client, settings, operator):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    client.force_login(age(operator, 89))
    assert client.get(reverse("home")).status_code == 200


def test_the_second_factor_comes_before_the_password_change(client, settings, official):
    settings.PASSWORD_MAX_AGE_DAYS = 30
    give_authenticator(official)
    unverified_login(client, age(official, 31))
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:second_factor_verify"))
    assert client.get(CHANGE)["Location"].startswith(reverse("accounts:second_factor_verify"))


def test_an_unknown_age_counts_as_too_old(client, settings, operator):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=operator.pk).update(password_changed_at=None)
    client.force_login(operator)
    assert client.get(reverse("home"))["Location"].startswith(CHANGE)


# --- Every way of choosing a password sets its time -------------------------------------------------------------


def recent(user) -> bool:
    user.refresh_from_db()
    return timezone.now() - user.password_changed_at < timedelta(minutes=1)


def test_sign_up_sets_it(client):
    client.post(
        reverse("accounts:signup"),
        {"full_name": "孙举办", "phone": "13800138000", "email": "sun@example.cn",
         "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )  # fmt: skip
    assert recent(User.objects.get(email="sun@example.cn"))


def test_a_change_sets_it(client, operator):
    client.force_login(age(operator, 400))
    client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert recent(operator)


def test_a_reset_sets_it(client, operator):
    age(operator, 400)
    client.post(reverse("accounts:password_reset"), {"email": operator.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert recent(operator)


def test_a_staff_accounts_set_password_link_sets_it(client, commission, haibin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        official = make_staff_account(jurisdiction=haibin, by=commission)
    assert official.password_changed_at is None  # no password yet
    path = re.search(r"https?://[^/\s]+(/accounts/welcome/[^\s]+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(path)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert recent(official)


def test_a_rehash_on_sign_in_is_no_change(settings):
    """Django re-hashes a password when the hasher changes: the password's age must not start again."""
    user = make_user()
    long_ago = age(user, 400).password_changed_at
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="md5"))
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert user.password.startswith("pbkdf2_sha1$")  # re-hashed
    assert user.password_changed_at == long_ago
    user.refresh_from_db()
    assert user.password_changed_at == long_ago
