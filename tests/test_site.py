"""Site-wide behaviour: language, error pages, CSP, static files, deploy checks, the header's links."""

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse

from baodi_care.accounts.choices import Role
from tests.pages import assert_no_inline_code

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_chinese_by_default_and_english_on_request(client, official):
    client.force_login(official)
    assert "待办事项" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "To-do list" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_the_user_switches(client, official):
    client.force_login(official)
    html = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert "待办事项" in html


def test_the_chinese_catalogue_is_complete():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    assert PO.with_suffix(".mo").exists(), "run manage.py compiletranslations"


@pytest.mark.django_db
def test_unknown_page_gets_the_styled_404(client, official):
    client.force_login(official)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert "vendor/bootstrap/bootstrap.min.css" in response.content.decode()


def test_the_500_page_renders_without_a_request():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "服务器" in html or "出错" in html
    assert "bootstrap.min.css" in html


@pytest.mark.django_db
def test_pages_send_a_strict_csp_and_carry_no_inline_script_or_style(client, official):
    client.force_login(official)
    for url in [reverse("home"), reverse("institutions:list"), reverse("accounts:profile")]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert_no_inline_code(response.content.decode(), url)


def test_no_template_loads_anything_from_a_cdn():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path


def test_collectstatic_with_the_manifest_storage_succeeds(tmp_path):
    """whitenoise's manifest storage fails when a vendored file points at a missing source map."""
    manifest = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES={**settings.STORAGES, "staticfiles": manifest}):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/bootstrap/bootstrap.min.*.css"))


def run_manage(*args, env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_extra)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "tuoyu.baodi.gov.cn",
    "DJANGO_HTTPS": "1",
}


def test_deploy_check_passes_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_secret_key_is_required_when_debug_is_off():
    result = run_manage("check", env_extra={"DJANGO_ALLOWED_HOSTS": "x"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_favicon_ico_needs_no_sign_in_and_leads_to_the_static_icon(client, official, signed_in):
    if signed_in:
        client.force_login(official)
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")
    assert (ROOT / "static" / "img" / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
def test_every_page_names_its_icon(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'<link rel="icon" href="{static("img/favicon.ico")}"' in html
    assert f'href="{static("img/favicon.svg")}" type="image/svg+xml"' in html


def test_axe_core_is_for_the_browser_tests_only():
    """axe-core is vendored for tests/e2e/test_accessibility.py; no page of the portal loads it."""
    assert (ROOT / "static" / "vendor" / "axe-core" / "axe.min.js").exists()
    for path in (ROOT / "templates").rglob("*.html"):
        assert "axe-core" not in path.read_text(), path


# --- The header --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.COMMISSION])
def test_reviewers_find_their_work_list_in_the_header(client, users, role):
    client.force_login(users[role])
    html = client.get(reverse("home")).content.decode()
    assert reverse("supervision:filing_worklist") in html
    assert (reverse("supervision:holiday_list") in html) == (role == Role.COMMISSION)


def test_operators_find_registration_in_the_header(client, operator):
    client.force_login(operator)
    html = client.get(reverse("home")).content.decode()
    assert reverse("institutions:create") in html
    assert reverse("supervision:filing_worklist") not in html
