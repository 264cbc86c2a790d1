"""Passwords checked against common (ASVS 5.0 6.2.4) and breached (6.2.12) passwords: Django's list of common
passwords always, and a local copy of a breached-password list (PASSWORD_BREACHED_LIST: SHA-1, sorted, as
HaveIBeenPwned's downloadable list) looked up by binary search, never read whole."""

from __future__ import annotations

import builtins
import hashlib
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from baodi_care.accounts import validators
from tests.builders.accounts import PASSWORD
from tests.pages import zh

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).with_name("breached_passwords.txt")  # 45 "HASH:count" lines, CRLF, sorted by hash
BREACHED = "correct-horse-battery-staple"
VALIDATOR = {"NAME": "baodi_care.accounts.validators.BreachedPasswordValidator"}


@pytest.fixture
def breached_list(settings):
    """The breached-password list turned on, as PASSWORD_BREACHED_LIST=<path> does in the environment."""
    settings.PASSWORD_BREACHED_LIST = str(FIXTURE)
    settings.AUTH_PASSWORD_VALIDATORS = [*settings.AUTH_PASSWORD_VALIDATORS, VALIDATOR]
    return FIXTURE


def sha1(password: str) -> str:
    return hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()


def test_common_passwords_are_refused(operator, settings):
    names = [v["NAME"] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert "django.contrib.auth.password_validation.CommonPasswordValidator" in names
    with pytest.raises(ValidationError) as refused:
        validate_password("qwertyuiop", operator)
    assert "password_too_common" in [e.code for e in refused.value.error_list]


def test_a_breached_password_is_refused_at_a_change_with_a_clear_message(client, operator, breached_list):
    client.force_login(operator)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": BREACHED, "new_password2": BREACHED},
    )
    assert response.status_code == 200
    assert zh(validators.PASSWORD_BREACHED) in response.content.decode()
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)


def test_a_breached_password_is_refused_at_sign_up(client, breached_list):
    data = {"full_name": "孙举办", "phone": "13800001234", "email": "sun@example.cn",
            "password1": BREACHED, "password2": BREACHED}  # fmt: skip
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert zh(validators.PASSWORD_BREACHED) in response.content.decode()


def test_a_password_not_on_the_list_passes(operator, breached_list):
    validate_password("Quiet-Meadow-Compass-83", operator)


def test_without_the_setting_nothing_is_looked_up(operator, settings, monkeypatch):
    assert settings.PASSWORD_BREACHED_LIST == ""
    monkeypatch.setattr(validators, "in_sorted_list", lambda *a: pytest.fail("looked up"))
    validators.BreachedPasswordValidator().validate(BREACHED, operator)


def test_every_line_is_found_and_nothing_between_them():
    hashes = [line.split(":")[0] for line in FIXTURE.read_text().splitlines()]
    assert hashes == sorted(hashes) and len(hashes) == 45
    for digest in hashes:
        assert validators.in_sorted_list(str(FIXTURE), digest)
        assert validators.in_sorted_list(str(FIXTURE), digest.lower())
    for near in ("0" * 40, "F" * 40, hashes[0][:-1] + "0", hashes[-1][:-1] + "0", hashes[20][:39]):
        assert near in hashes or not validators.in_sorted_list(str(FIXTURE), near)


def test_a_large_list_is_searched_not_read(tmp_path, monkeypatch):
    """100,000 lines (4.4 MB): about 2 x 17 line reads per look-up, whatever the size."""
    path = tmp_path / "pwned.txt"
    digests = sorted(sha1(f"p{n}") for n in range(100_000))
    path.write_text("".join(f"{d}:{n % 97}\r\n" for n, d in enumerate(digests)))
    reads = []
    real_open = builtins.open

    def counting_open(*args, **kwargs):
        file = real_open(*args, **kwargs)
        readline = file.readline

        def counted(*a):
            line = readline(*a)
            reads.append(len(line))
            return line

        file.readline = counted
        return file

    monkeypatch.setattr(validators, "open", counting_open, raising=False)
    assert validators.in_sorted_list(str(path), sha1("p4242"))
    assert not validators.in_sorted_list(str(path), sha1("not on the list"))
    assert 0 < len(reads) < 2 * 2 * 40 and sum(reads) < 10_000


def test_a_list_that_cannot_be_read_refuses_with_a_message_not_a_500(client, operator, breached_list, settings):
    settings.PASSWORD_BREACHED_LIST = str(FIXTURE.with_name("missing.txt"))
    client.force_login(operator)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Quiet-Meadow-Compass-83",
            "new_password2": "Quiet-Meadow-Compass-83",
        },
    )
    assert response.status_code == 200
    assert zh(validators.BREACHED_LIST_UNREADABLE) in response.content.decode()


def test_the_system_check_names_a_missing_list(settings):
    settings.PASSWORD_BREACHED_LIST = "/nowhere/pwned.txt"
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check")
    settings.PASSWORD_BREACHED_LIST = str(FIXTURE)
    call_command("check")
