"""Sign-in throttling that strangers cannot abuse: counted per (user name, client address), growing delays, axes'
lock per pair; the client address from the trusted proxies only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts import signin
from baodi_care.accounts.choices import Role
from tests.builders.accounts import PASSWORD, make_user
from tests.pages import zh

pytestmark = pytest.mark.django_db

WRONG = "wrong-password-1"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"
PROXY = "127.0.0.1"


@pytest.fixture
def client_factory():
    """Another browser (its own cookies)."""
    return Client


@pytest.fixture
def commission_user(db):
    return make_user(Role.COMMISSION, username="commission")


def sign_in(client, password, username="commission", **meta):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **meta)


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def test_five_wrong_passwords_from_one_address_do_not_lock_the_user_out_from_another(
    client, client_factory, commission_user
):
    for _ in range(5):
        assert not signed_in(sign_in(client, WRONG, REMOTE_ADDR=ATTACKER))
    assert signed_in(sign_in(client_factory(), PASSWORD, REMOTE_ADDR=OFFICE))


def test_behind_one_trusted_proxy_the_client_address_comes_from_x_forwarded_for(
    client, client_factory, commission_user, settings
):
    """Every request comes from the proxy (127.0.0.1): without the proxy count, the attacker locks everyone out."""
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert sign_in(client, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert signed_in(sign_in(client_factory(), PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE))


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_spoofed_x_forwarded_for_opens_no_new_allowance(client, commission_user, settings, proxies):
    """The attacker writes what it likes left of what the proxy appends (or the whole header, with no proxy)."""
    settings.TRUSTED_PROXY_COUNT = proxies
    remote = PROXY if proxies else ATTACKER

    def forwarded(spoof: str) -> str:
        return f"{spoof}, {ATTACKER}" if proxies else spoof

    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, WRONG, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded(f"10.0.0.{n}"))
    response = sign_in(client, PASSWORD, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded(OFFICE))
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_delays_grow_with_each_failure_up_to_the_maximum(settings):
    settings.SIGNIN_FREE_FAILURES = 3
    settings.SIGNIN_DELAY_SECONDS = 15
    settings.SIGNIN_DELAY_MAX_SECONDS = 900
    assert [signin.delay_after(n) for n in range(1, 11)] == [0, 0, 15, 30, 60, 120, 240, 480, 900, 900]


def test_after_the_free_failures_the_next_attempt_waits_even_with_the_right_password(
    client, commission_user, settings, monkeypatch
):
    settings.SIGNIN_FREE_FAILURES = 3
    settings.SIGNIN_DELAY_SECONDS = 15
    for _ in range(3):
        sign_in(client, WRONG, REMOTE_ADDR=ATTACKER)
    response = sign_in(client, PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 200
    assert zh(signin.SIGNIN_WAIT) % {"seconds": 15} in response.content.decode()
    # The refused attempt counted as a fourth failure: the wait is now 30 seconds, from that attempt.
    assert signin.wait_seconds("commission", ATTACKER) == 30
    later = timezone.now() + timedelta(seconds=31)
    monkeypatch.setattr(signin, "now", lambda: later)
    assert signin.wait_seconds("commission", ATTACKER) == 0


def test_once_the_wait_is_over_the_right_password_signs_in(client, commission_user, settings, monkeypatch):
    settings.SIGNIN_FREE_FAILURES = 3
    for _ in range(3):
        sign_in(client, WRONG, REMOTE_ADDR=ATTACKER)
    later = timezone.now() + timedelta(seconds=settings.SIGNIN_DELAY_SECONDS + 1)
    monkeypatch.setattr(signin, "now", lambda: later)
    assert signed_in(sign_in(client, PASSWORD, REMOTE_ADDR=ATTACKER))
    # A success clears the count.
    assert not AccessAttempt.objects.exists()


def test_the_django_admin_sign_in_is_throttled_too(client, settings):
    make_user(Role.ADMIN, username="sysadmin", is_staff=True, is_superuser=True)
    settings.SIGNIN_FREE_FAILURES = 1
    client.post(reverse("admin:login"), {"username": "sysadmin", "password": WRONG}, REMOTE_ADDR=ATTACKER)
    client.post(reverse("admin:login"), {"username": "sysadmin", "password": PASSWORD}, REMOTE_ADDR=ATTACKER)
    assert "_auth_user_id" not in client.session


def test_at_the_failure_limit_axes_locks_the_pair_only(client, client_factory, commission_user, settings):
    settings.SIGNIN_DELAY_SECONDS = 0  # axes' lock alone
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, WRONG, REMOTE_ADDR=ATTACKER)
    response = sign_in(client, PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert signed_in(sign_in(client_factory(), PASSWORD, REMOTE_ADDR=OFFICE))


def test_the_complaint_limit_behind_one_proxy_counts_each_client_apart_and_ignores_spoofing(client, settings, baoping):
    """Before, every complaint behind the proxy came from 127.0.0.1: one parent's complaints shut out all the others."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 1
    data = {
        "category": "care",
        "description": "孩子多次午睡后身上有淤青，老师说不清原因。",
        "institution_name": "碧水园小区家庭看护",
        "jurisdiction": baoping.pk,
    }

    def complain(forwarded: str) -> int:
        url = reverse("public:complaint_create")
        return client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert complain(ATTACKER) == 302
    assert complain(f"10.0.0.1, {ATTACKER}") == 429  # a spoofed entry left of the proxy's opens no new allowance
    assert complain(OFFICE) == 302  # another parent behind the same proxy


def test_a_forwarded_address_that_is_no_address_gets_no_500(client, commission_user, settings):
    """With a proxy count but no proxy, a client could write anything there; axes stores addresses as IPs."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert sign_in(client, WRONG, HTTP_X_FORWARDED_FOR="<script>").status_code == 200
    assert signed_in(sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="not-an-address"))
