"""Recovery codes kept hashed (ASVS 5.0 6.5.2): a database reader cannot use them; each code still signs in once;
and the migration that withdrew django-otp's plaintext codes told their owners."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Notification, RecoveryCode, RecoveryCodeDevice, User
from baodi_care.accounts.second_factor import recovery_codes, services
from baodi_care.accounts.texts import freeze
from tests.builders.accounts import give_authenticator, make_user, unverified_login
from tests.pages import zh

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:second_factor_verify")
MIGRATION = importlib.import_module("baodi_care.accounts.migrations.0007_hashed_recovery_codes_password_age")


def signs_in_with(client, user, code: str) -> bool:
    unverified_login(client, user)
    response = client.post(VERIFY, {"code": code, "next": "/"})
    return response.status_code == 302 and response["Location"] == "/"


def test_the_database_holds_no_usable_code(client, official):
    _device, codes = give_authenticator(official)
    rows = list(RecoveryCode.objects.filter(device__user=official).values_list("lookup", "secret_hash"))
    assert len(rows) == len(codes) == 10
    stored = " ".join(f"{lookup} {secret_hash}" for lookup, secret_hash in rows)
    for code in codes:
        lookup, secret = recovery_codes.split(code)
        assert secret not in stored and code not in stored
        # Only the lookup part is kept as it is; the secret part as a salted hash of the portal's password hasher.
        secret_hash = dict(rows)[lookup]
        hasher = identify_hasher(secret_hash)
        assert hasher.algorithm == get_hasher().algorithm
        assert len(hasher.decode(secret_hash)["salt"]) >= 8  # well over ASVS's 32 bits
    # What a reader of the table could type is refused.
    lookup, secret_hash = rows[0]
    for stolen in (secret_hash, f"{lookup}{secret_hash}", lookup):
        assert not signs_in_with(client, official, stolen)
        RecoveryCodeDevice.objects.filter(user=official).update(throttling_failure_count=0)
    assert signs_in_with(client, official, codes[0])


def test_two_users_same_secret_get_different_hashes(official, other_official):
    """A 32-bit-plus random salt per code: equal secrets do not look equal in the table."""
    give_authenticator(official)
    give_authenticator(other_official)
    hashes = list(RecoveryCode.objects.values_list("secret_hash", flat=True))
    assert len(set(hashes)) == len(hashes) == 20


def test_codes_are_random_well_formed_and_their_lookup_parts_differ():
    codes = recovery_codes.new_codes(200)
    assert len({code[: recovery_codes.LOOKUP_LENGTH] for code in codes}) == 200
    assert all(recovery_codes.SHAPE.match(code) for code in codes)
    assert recovery_codes.split("ABCD efgh-ijkl mnop") == ("abcd", "efghijklmnop")
    assert recovery_codes.split("abcd") == ("", "") and recovery_codes.split("12345678901234567") == ("", "")


def test_a_right_lookup_with_a_wrong_secret_is_refused_and_counted(client, official):
    _device, codes = give_authenticator(official)
    lookup, secret = recovery_codes.split(codes[0])
    wrong = lookup + ("a" if secret[0] != "a" else "b") + secret[1:]
    assert not signs_in_with(client, official, wrong)
    device = RecoveryCodeDevice.objects.get(user=official)
    assert device.throttling_failure_count == 1
    assert services.codes_left(official) == 10  # the code the lookup part names is not used up
    device.throttle_reset()
    assert signs_in_with(client, official, codes[0])
    assert services.codes_left(official) == 9


def test_a_code_works_once_even_on_the_device_itself(official):
    _device, codes = give_authenticator(official)
    device = RecoveryCodeDevice.objects.get(user=official)
    assert device.verify_token(codes[3])
    device.throttle_reset()
    assert not device.verify_token(codes[3])
    device.refresh_from_db()
    assert device.last_used_at is not None


def test_a_session_verified_by_a_recovery_code_stays_verified_when_new_codes_are_made(client, official):
    _device, codes = give_authenticator(official)
    assert signs_in_with(client, official, codes[0])
    client.post(reverse("accounts:second_factor_recovery_codes"))
    assert client.get(reverse("home")).status_code == 200
    assert RecoveryCodeDevice.objects.filter(user=official).count() == 1


def test_a_user_with_no_codes_left_is_told_to_make_new_ones(client, official):
    give_authenticator(official)
    RecoveryCode.objects.filter(device__user=official).delete()
    client.force_login(official)
    html = client.get(reverse("accounts:second_factor")).content.decode()
    assert 'id="no-recovery-codes"' in html
    assert (
        zh(_("You have no recovery codes: make new ones, so that you can still sign in if you lose your phone."))
        in html
    )


# --- The migration from django-otp's plaintext codes --------------------------------------------------------


def test_the_migration_deletes_plaintext_codes_and_tells_their_owners(official, other_official):
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE otp_static_staticdevice (id integer PRIMARY KEY, user_id integer NOT NULL, name varchar(64))"
        )
        cursor.execute(
            "CREATE TABLE otp_static_statictoken (id integer PRIMARY KEY, device_id integer NOT NULL, token text)"
        )
        cursor.execute("INSERT INTO otp_static_staticdevice VALUES (1, %s, 'backup'), (2, %s, 'empty')",
                       [official.pk, other_official.pk])  # fmt: skip
        cursor.execute("INSERT INTO otp_static_statictoken VALUES (1, 1, 'abcdefgh'), (2, 1, 'ijklmnop')")
    MIGRATION.withdraw_plaintext_codes(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM otp_static_statictoken")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT COUNT(*) FROM otp_static_staticdevice")
        assert cursor.fetchone()[0] == 0
    # The owner of codes is told (in their language, from the migration's copy of the text); the other is not.
    told = Notification.objects.get(recipient=official)
    assert told.text == zh(services.CODES_WITHDRAWN)
    assert told.url == reverse("accounts:second_factor")
    assert not Notification.objects.filter(recipient=other_official).exists()


def test_the_migrations_text_is_the_translated_one():
    assert freeze(services.CODES_WITHDRAWN) == (MIGRATION.CODES_WITHDRAWN, "")
    assert reverse("accounts:second_factor") == MIGRATION.SECOND_FACTOR_PAGE


def test_without_otp_statics_tables_the_migration_does_nothing(official):
    MIGRATION.withdraw_plaintext_codes(apps, SimpleNamespace(connection=connection))
    assert not Notification.objects.exists()


def test_the_migration_starts_the_age_of_existing_passwords():
    with_password, without = make_user(), make_user()
    without.set_unusable_password()
    without.save()
    User.objects.update(password_changed_at=None)
    MIGRATION.start_password_age(apps, None)
    assert User.objects.get(pk=with_password.pk).password_changed_at is not None
    assert User.objects.get(pk=without.pk).password_changed_at is None
