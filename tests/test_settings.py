"""Numbers the national texts do not set are settings with safe defaults: changing one changes the behaviour."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError

from institutions.choices import InstitutionStatus, PremisesTenure, StaffRole
from institutions.imports.readers import read_table
from institutions.register.selectors import official_todo
from institutions.register.services import add_staff
from institutions.reports.selectors import report_due_date
from supervision.models import InspectionFrequency
from supervision.plan.selectors import coverage
from supervision.reminders.services import certificate_reminders
from supervision.statistics.scope import TARGET_INCLUSIVE_SHARE, TARGET_SEATS_PER_1000, TARGET_SOURCE
from tests.builders.register import make_imported_institution

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def test_the_defaults_are_the_documented_ones():
    assert django_settings.LEASE_ENDING_WARNING_DAYS == 90
    assert django_settings.CERTIFICATE_EXPIRY_REMINDER_DAYS == 30
    assert django_settings.FEE_STALE_REMINDER_DAYS == 30
    assert django_settings.DEADLINE_REMINDER_DAYS == 2
    assert django_settings.OPERATING_REPORT_DUE_DAY == 10
    assert django_settings.INSPECTION_DUE_SOON_DAYS == 30
    assert django_settings.REGISTER_IMPORT_MAX_ROWS == 10_000
    assert django_settings.REGISTER_IMPORT_MAX_BYTES == 10 * 1024 * 1024


def test_tianjin_targets_come_from_the_settings_with_their_source():
    assert TARGET_SEATS_PER_1000 == django_settings.TIANJIN_TARGET_SEATS_PER_1000 == Decimal("4.5")
    assert TARGET_INCLUSIVE_SHARE == django_settings.TIANJIN_TARGET_INCLUSIVE_SHARE == Decimal("60")
    assert TARGET_SOURCE == "天津市“十四五”婴幼儿照护服务规划"


def test_the_report_due_day_is_a_setting(settings):
    assert report_due_date(datetime.date(2026, 3, 1)) == datetime.date(2026, 4, 10)
    settings.OPERATING_REPORT_DUE_DAY = 15
    assert report_due_date(datetime.date(2026, 3, 1)) == datetime.date(2026, 4, 15)


def test_the_lease_warning_window_is_a_setting(settings, operator, official, haibin):
    institution = make_imported_institution(
        haibin,
        operator=operator,
        premises_tenure=PremisesTenure.LEASED,
        lease_end_date=TODAY + datetime.timedelta(days=60),
    )
    assert institution in official_todo(user=official, today=TODAY)["leases_ending"]
    settings.LEASE_ENDING_WARNING_DAYS = 30
    assert institution not in official_todo(user=official, today=TODAY)["leases_ending"]


def test_the_certificate_reminder_window_is_a_setting(settings, operator, haibin):
    institution = make_imported_institution(haibin, operator=operator, status=InstitutionStatus.FILED)
    add_staff(
        institution=institution,
        by=operator,
        name="赵保育",
        role=StaffRole.CAREGIVER,
        health_certificate_expiry=TODAY + datetime.timedelta(days=20),
    )
    assert [r.key for r in certificate_reminders(TODAY)]
    settings.CERTIFICATE_EXPIRY_REMINDER_DAYS = 10
    assert not list(certificate_reminders(TODAY))


def test_the_inspection_fallback_frequency_is_a_setting(settings, operator, commission, haibin):
    institution = make_imported_institution(haibin, operator=operator)
    # A database without the district default that migration supervision 0002 seeds (its reverse removes it; no
    # service does, the commission only edits it): then the setting is the rule.
    InspectionFrequency.objects.filter(category="", institution=None).delete()

    def rule():
        (row,) = coverage(user=commission, today=TODAY, institution=institution)
        return row.per_year, row.frequency_rule

    assert rule() == (2, "district")
    settings.INSPECTION_FALLBACK_PER_YEAR = 4
    assert rule() == (4, "district")


def test_the_import_row_limit_is_a_setting(settings):
    data = "名称,统一社会信用代码\n" + "".join(f"机构{i},X\n" for i in range(5))
    assert len(read_table(data=data.encode(), file_name="register.csv")) == 6
    settings.REGISTER_IMPORT_MAX_ROWS = 3
    with pytest.raises(ValidationError) as exc:
        read_table(data=data.encode(), file_name="register.csv")
    assert "3" in exc.value.messages[0]


# --- HTTPS is on whenever debug is off (issue 10 §6) ------------------------------------------------------------

HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
]
ALL_ON = [True, True, True, 31_536_000, True, None]
ALL_OFF = [False, False, False, 0, False, None]


def fresh_settings(**env) -> list:
    """The HTTPS settings of a new process whose environment has only `env` besides a secret key (the suite's own
    settings turn HTTPS off for the test client, tests/conftest.py)."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps([getattr(settings, name, None) for name in {HTTPS_SETTINGS!r}]))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="baodi_care.settings", DJANGO_SECRET_KEY="k" * 50, **env)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ALL_ON),
        ({"DJANGO_HTTPS": "0"}, ALL_OFF),
        ({"DJANGO_DEBUG": "1"}, ALL_OFF),  # make run
        ({"DJANGO_DEBUG": "1", "DJANGO_HTTPS": "1"}, ALL_ON),
        ({"DJANGO_HSTS_SECONDS": "600"}, [True, True, True, 600, True, None]),
        ({"DJANGO_BEHIND_PROXY": "1"}, [*ALL_ON[:5], ["HTTP_X_FORWARDED_PROTO", "https"]]),
    ],
    ids=["debug-off", "opted-out", "debug-on", "debug-on-https", "hsts-seconds", "behind-proxy"],
)
def test_https_settings_are_on_with_debug_off_unless_opted_out(env, expected):
    assert fresh_settings(**env) == expected
