"""Sessions: the 12-hour limit since sign-in, the list on the profile page and ending a session from it, the other
sessions ended by a password change (all of them by a reset), and Clear-Site-Data on signing out."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from baodi_care.accounts import reauth, sessions
from baodi_care.accounts.models import UserSession
from tests.builders.accounts import PASSWORD, change_password
from tests.pages import zh

pytestmark = pytest.mark.django_db

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)
WECHAT_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI Language/zh_CN"
)


def browser(user, agent=CHROME_WINDOWS, address="198.51.100.7") -> Client:
    """A browser that signed in through the form."""
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def is_signed_in(client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


def move_clock(monkeypatch, seconds: float):
    start = sessions.now()
    monkeypatch.setattr(sessions, "now", lambda: start + seconds)


def test_signing_in_records_the_session_with_its_device_and_address(operator):
    browser(operator)
    row = UserSession.objects.get(user=operator)
    assert row.device == "Chrome · Windows"
    assert row.ip_address == "198.51.100.7"
    assert row.signed_in_at == row.last_seen


def test_the_profile_lists_the_active_sessions_and_marks_this_one(operator):
    desk = browser(operator)
    browser(operator, agent=WECHAT_IPHONE, address="203.0.113.9")
    html = desk.get(reverse("accounts:profile")).content.decode()
    table = html[html.index('id="signed-in-sessions"') :]
    assert "Chrome · Windows" in table
    assert "WeChat Browser · iOS (iPhone)" in table
    assert "203.0.113.9" in table
    assert table.count("本会话") == 1
    assert table.count('name="session" value="all"') == 1
    assert table.count('name="session"') == 2  # the other one, and all others


def test_a_session_ended_from_the_profile_is_signed_out(operator):
    desk, phone = browser(operator), browser(operator, agent=WECHAT_IPHONE)
    other = UserSession.objects.get(user=operator, device__startswith="WeChat")
    response = desk.post(reverse("accounts:session_end"), {"session": other.pk, "password": PASSWORD}, follow=True)
    assert zh(sessions.SESSION_ENDED_THERE) in response.content.decode()
    assert not is_signed_in(phone)
    assert is_signed_in(desk)
    assert list(UserSession.objects.filter(user=operator)) == [UserSession.objects.get(user=operator)]


def test_nobody_ends_another_users_session(operator, other_operator):
    mine = browser(operator)
    browser(other_operator)
    theirs = UserSession.objects.get(user=other_operator)
    response = mine.post(reverse("accounts:session_end"), {"session": theirs.pk, "password": PASSWORD}, follow=True)
    assert zh(sessions.NO_SUCH_SESSION) in response.content.decode()
    assert UserSession.objects.filter(pk=theirs.pk).exists()


def test_ending_a_session_takes_the_password_again(operator):
    """Whoever took over this session must not be able to shut its owner out."""
    desk, phone = browser(operator), browser(operator, agent=WECHAT_IPHONE)
    other = UserSession.objects.get(user=operator, device__startswith="WeChat")
    for password, refusal in (("", sessions.PASSWORD_NEEDED), ("wrong-password", reauth.WRONG_PASSWORD)):
        data = {"session": other.pk, "password": password}
        response = desk.post(reverse("accounts:session_end"), data, follow=True)
        assert zh(refusal) in response.content.decode()
    assert is_signed_in(phone)


def test_all_other_sessions_end_at_once(operator):
    desk = browser(operator)
    others = [browser(operator, agent=WECHAT_IPHONE), browser(operator, address="203.0.113.9")]
    desk.post(reverse("accounts:session_end"), {"session": "all", "password": PASSWORD})
    assert not any(is_signed_in(c) for c in others)
    assert is_signed_in(desk)


def test_a_deactivated_account_loses_every_session(operator):
    phone = browser(operator, agent=WECHAT_IPHONE)
    operator.is_active = False
    operator.save()
    assert not UserSession.objects.filter(user=operator).exists()
    assert not Session.objects.exists()
    assert not is_signed_in(phone)


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(operator, monkeypatch, settings):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600
    client = browser(operator)
    move_clock(monkeypatch, 12 * 3600 - 60)
    assert is_signed_in(client)
    move_clock(monkeypatch, 12 * 3600 + 1)
    response = client.get(reverse("accounts:profile"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert zh(sessions.SESSION_EXPIRED) in response.content.decode()


def test_last_seen_is_written_at_most_once_a_minute(operator, monkeypatch):
    client = browser(operator)
    first = UserSession.objects.get(user=operator).last_seen
    move_clock(monkeypatch, 30)
    client.get(reverse("accounts:profile"))
    assert UserSession.objects.get(user=operator).last_seen == first
    move_clock(monkeypatch, 61)
    client.get(reverse("accounts:profile"))
    assert UserSession.objects.get(user=operator).last_seen > first


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(operator):
    desk, phone = browser(operator), browser(operator, agent=WECHAT_IPHONE)
    response = change_password(desk, "an0ther-Secret-x")
    assert response.status_code == 302
    assert is_signed_in(desk)
    assert not is_signed_in(phone)
    assert UserSession.objects.filter(user=operator).count() == 1
    assert Session.objects.count() == 1


def test_a_password_reset_ends_every_session(operator):
    phone = browser(operator, agent=WECHAT_IPHONE)
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": operator.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "n3w-Passw0rd-x", "new_password2": "n3w-Passw0rd-x"})
    assert response.status_code == 302
    assert not is_signed_in(phone)
    assert not UserSession.objects.filter(user=operator).exists()


def test_signing_out_clears_the_site_data_and_the_session_row(operator):
    client = browser(operator)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not UserSession.objects.filter(user=operator).exists()


def test_a_session_signed_in_without_the_form_is_listed_too(client, operator):
    client.force_login(operator)
    client.get(reverse("accounts:profile"))
    assert UserSession.objects.filter(user=operator).count() == 1


def test_the_administrator_ends_a_users_sessions_in_the_admin(client, operator, sysadmin):
    phone = browser(operator, agent=WECHAT_IPHONE)
    client.force_login(sysadmin)
    changelist = reverse("admin:accounts_usersession_changelist")
    assert "WeChat Browser" in client.get(changelist).content.decode()
    rows = UserSession.objects.filter(user=operator)
    response = client.post(changelist, {"action": "end_selected", "_selected_action": [r.pk for r in rows]})
    assert response.status_code == 302
    assert not is_signed_in(phone)
    assert not UserSession.objects.filter(user=operator).exists()
