"""Account changes: a new e-mail address only with the current password and a confirmation link (the old address is
told), reset links that live an hour, reset mails limited per address and per account, and passwords that refuse the
user name, the phone number and the local words."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from baodi_care.accounts import email_change, forms, reauth, validators
from baodi_care.accounts.choices import Role
from tests.builders.accounts import PASSWORD, change_password, make_user
from tests.pages import zh

pytestmark = pytest.mark.django_db

NEW = "new-address@example.cn"


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def ask_for_change(client, password=PASSWORD, email=NEW, **kw):
    return client.post(reverse("accounts:email_change"), {"email": email, "password": password}, **kw)


# --- E-mail address --------------------------------------------------------------------------------------------


def test_a_new_email_needs_the_current_password(client, operator):
    client.force_login(operator)
    response = ask_for_change(client, password="not-my-password")
    assert response.status_code == 200
    assert zh(email_change.WRONG_PASSWORD) in response.content.decode()
    assert mail.outbox == []


def test_guessing_the_password_there_is_limited(client, operator, settings):
    settings.REAUTH_PASSWORD_TRIES_PER_HOUR = 2
    client.force_login(operator)
    for _ in range(2):
        ask_for_change(client, password="not-my-password")
    response = ask_for_change(client)
    assert zh(email_change.TOO_MANY_TRIES) in response.content.decode()
    assert mail.outbox == []


def test_the_new_email_takes_effect_only_once_the_link_is_followed(
    client, operator, django_capture_on_commit_callbacks
):
    old = operator.email
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_change(client, follow=True)
    assert zh(email_change.LINK_SENT) % {"email": NEW} in response.content.decode()
    operator.refresh_from_db()
    assert operator.email == old
    to_new, to_old = (next(m for m in mail.outbox if m.to == [address]) for address in (NEW, old))
    assert NEW in to_old.body  # the old address is told what was asked
    link = link_in(to_new)
    # Opening the link only asks; a mail scanner that follows it changes nothing.
    assert NEW in client.get(link).content.decode()
    operator.refresh_from_db()
    assert operator.email == old
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, follow=True)
    assert zh(email_change.CHANGED) % {"email": NEW} in response.content.decode()
    operator.refresh_from_db()
    assert operator.email == NEW
    assert mail.outbox[-1].to == [old]  # and told it is done
    assert operator.history.first().email == NEW


def test_the_link_works_once(client, operator):
    client.force_login(operator)
    token = email_change.make_token(operator, NEW)
    client.post(reverse("accounts:email_confirm", args=[token]))
    response = client.post(reverse("accounts:email_confirm", args=[token]))
    assert zh(email_change.LINK_INVALID) in response.content.decode()


def test_the_link_expires(client, operator, settings, monkeypatch):
    client.force_login(operator)
    long_ago = time.time() - settings.EMAIL_CHANGE_LINK_HOURS * 3600 - 5
    with monkeypatch.context() as clock:
        clock.setattr(signing.time, "time", lambda: long_ago)
        token = email_change.make_token(operator, NEW)
    response = client.post(reverse("accounts:email_confirm", args=[token]))
    assert zh(email_change.LINK_INVALID) in response.content.decode()
    operator.refresh_from_db()
    assert operator.email != NEW


def test_someone_elses_or_a_forged_link_does_nothing(client, operator, other_operator):
    client.force_login(other_operator)
    for token in (email_change.make_token(operator, NEW), "forged:token"):
        response = client.post(reverse("accounts:email_confirm", args=[token]))
        assert response.status_code == 200
        assert zh(email_change.LINK_INVALID) in response.content.decode()
    operator.refresh_from_db()
    assert operator.email != NEW


def test_an_address_of_another_account_is_refused_at_confirmation(client, operator, other_operator):
    client.force_login(operator)
    token = email_change.make_token(operator, other_operator.email)
    response = client.post(reverse("accounts:email_confirm", args=[token]))
    assert zh(email_change.ADDRESS_TAKEN) in response.content.decode()


# --- Password reset --------------------------------------------------------------------------------------------


def test_reset_links_live_one_hour(operator, settings, monkeypatch):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    token = default_token_generator.make_token(operator)
    start = default_token_generator._now()
    monkeypatch.setattr(type(default_token_generator), "_now", lambda self: start + timedelta(minutes=59))
    assert default_token_generator.check_token(operator, token)
    monkeypatch.setattr(type(default_token_generator), "_now", lambda self: start + timedelta(minutes=61))
    assert not default_token_generator.check_token(operator, token)


def test_twenty_reset_requests_send_no_more_mails_than_the_account_limit(client, operator, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT = 3
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 0
    for _ in range(20):
        response = client.post(reverse("accounts:password_reset"), {"email": operator.email})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 3


def test_reset_mails_are_limited_per_address_and_the_page_answers_the_same(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    settings.TRUSTED_PROXY_COUNT = 1
    users = [make_user(Role.OPERATOR) for _ in range(3)]
    for user in users:
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": user.email},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{user.pk}, 203.0.113.5",  # the spoofed part changes nothing
        )
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [[users[0].email], [users[1].email]]
    # Another client behind the same proxy has its own allowance.
    Client().post(
        reverse("accounts:password_reset"),
        {"email": users[2].email},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert mail.outbox[-1].to == [users[2].email]


def test_an_unknown_address_gets_the_same_answer(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.cn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


# --- Password rules --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["baodi-demo-2026", "tuoyu123456", "宝坻托育2026年度", "BaoDi-Strong-Pw9", "我在托育园上班x9"]
)
def test_passwords_with_the_local_words_are_refused(operator, password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=operator)
    assert "password_has_word" in {e.code for e in refused.value.error_list}


def test_a_password_with_the_user_name_or_the_phone_is_refused(operator):
    operator.phone = "138-0000-1234"
    with pytest.raises(ValidationError) as refused:
        validators.LocalWordsValidator().validate("My-op_wang-secret", user=operator)
    assert refused.value.code == "password_has_username"
    with pytest.raises(ValidationError) as refused:
        validators.LocalWordsValidator().validate("pw13800001234!", user=operator)
    assert refused.value.code == "password_has_phone"
    validators.LocalWordsValidator().validate("a-quite-unrelated-9", user=operator)


def test_the_word_list_is_a_setting(operator, settings):
    settings.PASSWORD_FORBIDDEN_WORDS = ["haibin"]
    validators.LocalWordsValidator().validate("baodi-demo-2026", user=operator)
    with pytest.raises(ValidationError):
        validators.LocalWordsValidator().validate("Haibin-2026-x", user=operator)


def test_the_password_change_page_refuses_them_in_chinese(client, operator):
    client.force_login(operator)
    response = change_password(client, "tuoyu123456")
    assert response.status_code == 200
    assert zh(validators.PASSWORD_HAS_WORD) % {"word": "tuoyu"} in response.content.decode()


def test_the_demo_password_still_signs_in(client):
    """Validators run when a password is chosen, not on set_password nor at sign-in: the demo keeps working."""
    user = make_user(Role.OPERATOR, username="operator")
    user.set_password("baodi-demo-2026")
    user.save()
    response = client.post(reverse("accounts:login"), {"username": "operator", "password": "baodi-demo-2026"})
    assert response.status_code == 302


# --- Phone number ----------------------------------------------------------------------------------------------


def test_a_new_phone_number_needs_the_current_password(client, operator):
    client.force_login(operator)
    response = client.post(reverse("accounts:profile"), {"full_name": "王举办", "phone": "13900001111"})
    assert response.status_code == 200
    assert zh(forms.PHONE_NEEDS_PASSWORD) in response.content.decode()
    wrong = {"full_name": "王举办", "phone": "13900001111", "password": "wrong"}
    assert zh(reauth.WRONG_PASSWORD) in client.post(reverse("accounts:profile"), wrong).content.decode()
    operator.refresh_from_db()
    assert operator.phone == ""
    right = {"full_name": "王举办", "phone": "13900001111", "password": PASSWORD}
    assert client.post(reverse("accounts:profile"), right).status_code == 302
    operator.refresh_from_db()
    assert operator.phone == "13900001111"


def test_the_name_changes_without_the_password(client, operator):
    client.force_login(operator)
    assert client.post(reverse("accounts:profile"), {"full_name": "王新名", "phone": ""}).status_code == 302
    operator.refresh_from_db()
    assert operator.full_name == "王新名"
