"""The security log records signing in and out (the Django admin's too), failed sign-ins with the user name as typed,
the growing wait after failures, django-axes' lockouts and every second-factor event: who, when, from which address,
what and how it went (ASVS 5.0 16.3.1, 16.3.2; 等保 三级 8.1.4.3 a, b)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from baodi_care.accounts.choices import Role
from baodi_care.accounts.second_factor import services as second_factor
from baodi_care.accounts.security_log.choices import SecurityAction as A
from baodi_care.accounts.security_log.choices import SecurityOutcome as O
from baodi_care.accounts.security_log.models import SecurityLog
from supervision.choices import ComplaintCategory
from tests.builders.accounts import PASSWORD, code_for, give_authenticator, unverified_login
from tests.builders.filings import file_institution

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.7"
WRONG = "wrong-password-1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password, url="accounts:login"):
    return client.post(reverse(url), {"username": username, "password": password}, REMOTE_ADDR=OFFICE)


def entries(action) -> list[SecurityLog]:
    return list(SecurityLog.objects.filter(action=action).order_by("pk"))


def test_a_sign_in_is_logged_with_who_when_and_from_where(client, operator):
    assert sign_in(client, operator.username, PASSWORD).status_code == 302
    (entry,) = entries(A.SIGN_IN)
    assert (entry.user, entry.username, entry.address, entry.outcome) == (operator, "op_wang", OFFICE, O.SUCCESS)
    assert entry.path == reverse("accounts:login")
    assert entry.at is not None


def test_a_failed_sign_in_keeps_the_user_name_as_typed(client, operator):
    sign_in(client, operator.username, WRONG)
    sign_in(client, "no-such-user", WRONG)
    known, unknown = entries(A.SIGN_IN)
    assert (known.user, known.username, known.outcome, known.address) == (operator, "op_wang", O.FAILURE, OFFICE)
    assert (unknown.user, unknown.username, unknown.outcome) == (None, "no-such-user", O.FAILURE)


def test_the_wait_after_failures_is_logged_as_refused(client, operator, settings):
    settings.SIGNIN_FREE_FAILURES = 1
    settings.SIGNIN_DELAY_SECONDS = 60
    sign_in(client, operator.username, WRONG)
    sign_in(client, operator.username, PASSWORD)  # during the wait: refused without checking the password
    (entry,) = entries(A.SIGN_IN_DELAYED)
    assert (entry.user, entry.outcome, entry.address) == (operator, O.REFUSED, OFFICE)
    assert entry.detail.startswith("wait ")


def test_an_axes_lockout_is_logged(client, operator, settings):
    settings.SIGNIN_DELAY_SECONDS = 0  # axes' lock alone
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(3):
        sign_in(client, operator.username, WRONG)
    locked = entries(A.LOCKOUT)
    assert locked, "no lockout logged"
    assert {(e.username, e.outcome, e.address) for e in locked} == {("op_wang", O.REFUSED, OFFICE)}


def test_signing_out_is_logged(client, operator):
    sign_in(client, operator.username, PASSWORD)
    client.post(reverse("accounts:logout"))
    (entry,) = entries(A.SIGN_OUT)
    assert entry.user == operator


def test_a_sign_in_to_the_django_admin_is_logged_as_such(client, sysadmin):
    sign_in(client, sysadmin.username, PASSWORD, url="admin:login")
    (entry,) = entries(A.ADMIN_SIGN_IN)
    assert (entry.user, entry.address, entry.outcome) == (sysadmin, OFFICE, O.SUCCESS)


# --- The second factor -----------------------------------------------------------------------------------------


def test_setting_up_an_authenticator_is_logged(official):
    give_authenticator(official)
    (entry,) = entries(A.SECOND_FACTOR_ENROL)
    assert (entry.user, entry.object_id, entry.outcome) == (official, str(official.pk), O.SUCCESS)


def test_a_wrong_set_up_code_is_logged(client, official):
    unverified_login(client, official)
    client.get(reverse("accounts:second_factor_enrol"))
    client.post(reverse("accounts:second_factor_enrol"), {"code": "000000"})
    (entry,) = entries(A.SECOND_FACTOR_ENROL)
    assert (entry.user, entry.outcome) == (official, O.FAILURE)


def test_a_right_and_a_wrong_code_are_logged(client, official, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device, _codes = give_authenticator(official)
    unverified_login(client, official)
    right = code_for(device)
    client.post(reverse("accounts:second_factor_verify"), {"code": "000000" if right != "000000" else "111111"})
    client.post(reverse("accounts:second_factor_verify"), {"code": code_for(device)})
    failed, passed = entries(A.SECOND_FACTOR)
    assert (failed.user, failed.outcome, failed.address) == (official, O.FAILURE, "127.0.0.1")
    assert (passed.user, passed.outcome) == (official, O.SUCCESS)


def test_a_recovery_code_used_is_logged(client, official):
    _device, codes = give_authenticator(official)
    unverified_login(client, official)
    client.post(reverse("accounts:second_factor_verify"), {"code": codes[0]})
    (entry,) = entries(A.RECOVERY_CODE_USED)
    assert (entry.user, entry.outcome) == (official, O.SUCCESS)


def test_a_reset_is_logged_with_who_reset_whose(official, commission):
    give_authenticator(official)
    second_factor.reset_second_factor(user=official, by=commission)
    (entry,) = entries(A.SECOND_FACTOR_RESET)
    assert (entry.user, entry.object_type, entry.object_id) == (commission, "accounts.user", str(official.pk))
    assert not TOTPDevice.objects.filter(user=official).exists()


def test_new_recovery_codes_and_turning_it_off_are_logged(operator):
    give_authenticator(operator)
    second_factor.reissue_recovery_codes(user=operator)
    second_factor.turn_off_second_factor(user=operator)
    assert [e.user for e in entries(A.RECOVERY_CODES_ISSUED)] == [operator]
    assert [e.user for e in entries(A.SECOND_FACTOR_OFF)] == [operator]


def test_the_audit_administrator_must_pass_the_second_factor(client, auditor):
    """Staff like the others (等保 三级: two factors for administrators)."""
    assert auditor.role == Role.AUDITOR
    unverified_login(client, auditor)
    response = client.get(reverse("audit:security_log"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor_enrol"))


# --- Anti-automation -------------------------------------------------------------------------------------------


def test_a_wrong_current_password_and_the_limit_on_guessing_it_are_logged(client, operator, settings):
    settings.REAUTH_PASSWORD_TRIES_PER_HOUR = 1
    client.force_login(operator)
    for _ in range(2):
        client.post(reverse("accounts:email_change"), {"email": "new@example.cn", "password": "not-my-password"})
    (wrong,) = entries(A.PASSWORD_CHECK)
    (limited,) = entries(A.RATE_LIMITED)
    assert (wrong.user, wrong.outcome) == (operator, O.FAILURE)
    assert (limited.user, limited.outcome, limited.detail) == (operator, O.REFUSED, "current password")


def test_the_complaint_limit_reached_is_logged(client, operator, institution, settings):
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 1
    filed = file_institution(institution, operator)
    data = {"category": ComplaintCategory.CARE, "description": "孩子多次午睡后身上有淤青，老师说不清原因。",
            "contact_name": "", "contact_phone": "", "institution": filed.pk}  # fmt: skip
    url = reverse("public:complaint_create")
    assert client.post(url, data, REMOTE_ADDR=OFFICE).status_code == 302
    assert client.post(url, data, REMOTE_ADDR=OFFICE).status_code == 429
    (entry,) = entries(A.RATE_LIMITED)
    assert (entry.user, entry.address, entry.detail, entry.outcome) == (None, OFFICE, "complaint", O.REFUSED)


def test_no_password_typed_reaches_the_log_table_or_its_lines(client, operator, caplog):
    """Credentials are never logged, right or wrong (ASVS 5.0 16.2.5): only the user name as typed."""
    caplog.set_level("INFO", logger="baodi_care.security")
    sign_in(client, operator.username, WRONG)
    sign_in(client, operator.username, PASSWORD)
    rows = [" ".join(str(value) for value in row) for row in SecurityLog.objects.values_list()]
    assert len(rows) >= 2 and any(operator.username in row for row in rows)
    for secret in (WRONG, PASSWORD):
        assert not [row for row in rows if secret in row]
        assert secret not in caplog.text
