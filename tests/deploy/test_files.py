"""deploy/'s files agree with the settings: every production variable in env.example, nginx's limits and paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
SITE = (DEPLOY / "nginx" / "baodi-care.conf").read_text()
UNITS = ("baodi-care-web.service", "baodi-care-worker.service", "baodi-care-beat.service")
# Switches for development and the tests, never set in production.
NOT_FOR_PRODUCTION = {"DJANGO_DEBUG", "DJANGO_PLAIN_STATIC", "AXES_ENABLED"}


def env_example() -> dict[str, str]:
    """KEY=value of deploy/env.example, commented (a default) or not."""
    lines = (DEPLOY / "env.example").read_text().splitlines()
    return dict(m.groups() for line in lines if (m := re.match(r"^#? ?([A-Z][A-Z0-9_]+)=(.*)$", line)))


def test_env_example_names_every_variable_the_settings_read():
    source = (ROOT / "baodi_care" / "settings.py").read_text()
    read = set(re.findall(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]+)"', source))
    missing = sorted(read - NOT_FOR_PRODUCTION - set(env_example()))
    assert not missing, f"deploy/env.example lacks {missing}"


def test_env_example_holds_no_real_secret():
    env = env_example()
    assert "change-me" in env["DJANGO_SECRET_KEY"]
    assert "change-me" in env["DATABASE_URL"]
    assert env["DJANGO_EMAIL_HOST_PASSWORD"] == "change-me"


def test_env_example_puts_uploads_where_the_units_may_write():
    media = env_example()["DJANGO_MEDIA_ROOT"]
    for unit in ("baodi-care-web.service", "baodi-care-worker.service"):
        writable = (DEPLOY / "systemd" / unit).read_text().split("ReadWritePaths=", 1)[1].splitlines()[0].split()
        assert any(media == path or media.startswith(path + "/") for path in writable), unit


def _megabytes(directive_value: str) -> int:
    assert directive_value.endswith("m"), directive_value
    return int(directive_value[:-1])


def test_nginx_lets_through_the_largest_upload_and_import_the_portal_accepts():
    """A file just over the portal's limit must still reach it, so its user gets the portal's explained refusal."""
    general = re.search(r"^    client_max_body_size (\S+);", SITE, re.M).group(1)
    assert _megabytes(general) * 1024 * 1024 > settings.MAX_UPLOAD_BYTES
    import_block = SITE.split("location = /institutions/import/", 1)[1].split("}", 1)[0]
    imports = re.search(r"client_max_body_size (\S+);", import_block).group(1)
    assert _megabytes(imports) * 1024 * 1024 > settings.REGISTER_IMPORT_MAX_BYTES


def test_nginx_serves_static_from_static_root_and_never_the_uploads():
    static_root = env_example()["DJANGO_STATIC_ROOT"]
    aliases = re.findall(r"alias (\S+);", SITE)
    assert aliases and all(alias.startswith(static_root + "/") for alias in aliases)
    assert env_example()["DJANGO_MEDIA_ROOT"] not in SITE
    assert "/var/lib/baodi-care" not in SITE.replace("Nothing here points at /var/lib/baodi-care", "")


def test_nginx_speaks_tls_1_2_and_1_3_only_and_sets_the_proxy_headers_the_settings_expect():
    assert re.findall(r"ssl_protocols ([^;]+);", SITE) == ["TLSv1.2 TLSv1.3"]
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in SITE
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in SITE
    env = env_example()
    assert env["DJANGO_BEHIND_PROXY"] == "1"
    assert env["DJANGO_TRUSTED_PROXY_COUNT"] == "1"


@pytest.mark.parametrize("unit", UNITS)
def test_units_run_the_venvs_programs_as_the_service_user_with_hardening(unit):
    text = (DEPLOY / "systemd" / unit).read_text()
    lines = dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))
    assert lines["ExecStart"].startswith("/srv/baodi-care/.venv/bin/")
    assert lines["WorkingDirectory"] == "/srv/baodi-care"
    assert lines["EnvironmentFile"] == "/etc/baodi-care/env"
    assert lines["User"] == "baodi-care"
    for setting, value in {"NoNewPrivileges": "true", "ProtectSystem": "strict", "PrivateTmp": "true"}.items():
        assert lines[setting] == value, setting
    assert "/var/lib/baodi-care" in lines["ReadWritePaths"].split()
