import os
import sys

import pytest
from django.conf import settings

from baodi_care.accounts.choices import MemberDepartment, Role
from tests import browser, clamd_daemon
from tests.builders.accounts import jurisdiction, make_auditor, make_user, signed_in
from tests.builders.register import make_institution

# Tests run with DEBUG off but without collectstatic: serve static files from the finders.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.WHITENOISE_USE_FINDERS = True
# Fast hashing: the suite creates many users; PBKDF2's cost protects nothing here.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client and the live server speak plain HTTP: the HTTPS settings that debug off turns on (checked by
# tests/test_settings.py) would redirect every request and keep cookies from the browser tests.
settings.SECURE_SSL_REDIRECT = False
settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER = pytest.StashKey[browser.Found]()
NO_BROWSER = "no usable chromium for the browser tests"

HAIBIN = "120115001000"  # 海滨街道
BAOPING = "120115002000"  # 宝平街道


@pytest.fixture
def haibin(db):
    return jurisdiction(HAIBIN)


@pytest.fixture
def baoping(db):
    return jurisdiction(BAOPING)


@pytest.fixture
def operator(db):
    return make_user(Role.OPERATOR, username="op_wang", full_name="王举办")


@pytest.fixture
def other_operator(db):
    return make_user(Role.OPERATOR, username="op_li", full_name="李举办")


@pytest.fixture
def official(haibin):
    return make_user(Role.OFFICIAL, jurisdiction=haibin, username="off_haibin", full_name="张街道")


@pytest.fixture
def other_official(baoping):
    return make_user(Role.OFFICIAL, jurisdiction=baoping, username="off_baoping", full_name="刘街道")


@pytest.fixture
def commission(db):
    return make_user(Role.COMMISSION, username="wjw", full_name="杨卫健")


@pytest.fixture
def department(db):
    return make_user(Role.DEPARTMENT, username="jyj", full_name="赵教育", department=MemberDepartment.EDUCATION)


@pytest.fixture
def sysadmin(db):
    return make_user(Role.ADMIN, username="sysadmin", is_staff=True, is_superuser=True)


@pytest.fixture
def auditor(db):
    return make_auditor(username="audit", full_name="钱审计")


@pytest.fixture
def institution(operator, haibin):
    """The operator's institution, in the official's jurisdiction (海滨街道)."""
    return make_institution(operator=operator, jurisdiction=haibin, name="海滨小星星托育中心")


@pytest.fixture
def other_institution(other_operator, baoping):
    """Another operator's institution, in another jurisdiction (宝平街道)."""
    return make_institution(operator=other_operator, jurisdiction=baoping, name="宝平阳光托育中心")


@pytest.fixture
def users(operator, official, commission, department, sysadmin, auditor):
    return {
        Role.OPERATOR: operator,
        Role.OFFICIAL: official,
        Role.COMMISSION: commission,
        Role.DEPARTMENT: department,
        Role.ADMIN: sysadmin,
        Role.AUDITOR: auditor,
    }


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, pytestconfig):
    """The chromium tests/browser.py found for this run (Debian's, else Playwright's), headless."""
    return {
        **browser_type_launch_args,
        "executable_path": pytestconfig.stash[BROWSER].executable,
        "args": list(browser.LAUNCH_ARGS),
    }


@pytest.fixture
def artifacts_dir():
    path = settings.BASE_DIR / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _second_factor_at_force_login(monkeypatch):
    """client.force_login(user) signs staff in as the portal does after password AND code: the session is verified
    by an authenticator of theirs (tests/builders/accounts.py: signed_in), or every staff page would send them to
    set one up. Operators, whose second factor is optional, get the password alone. A test about the second factor
    itself signs in with unverified_login (password only) or verified_login from tests/builders/accounts.py."""
    from django.test.client import ClientMixin

    monkeypatch.setattr(ClientMixin, "force_login", lambda client, user, backend=None: signed_in(client, user, backend))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits, throttles and one-time codes live in the cache: every test starts and ends with none of its
    neighbours' (the cache is each process's own memory unless CACHES says otherwise)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploads made by tests land in a temporary folder, never in the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


def _reseed() -> None:
    """Put back the rows data migrations seed, after a transactional test flushed them."""
    import importlib

    from django.apps import apps

    from baodi_care.accounts.models import Jurisdiction
    from institutions.models import DocumentType

    if not Jurisdiction.objects.exists():
        importlib.import_module("baodi_care.accounts.migrations.0002_seed_jurisdictions").seed(apps, None)
    if not DocumentType.objects.exists():
        importlib.import_module("institutions.migrations.0003_seed_document_types").seed(apps, None)
        importlib.import_module(
            "institutions.migrations.0011_filing_two_clocks_and_change_documents"
        ).seed_change_documents(apps, None)
        importlib.import_module("institutions.migrations.0012_seed_family_document_types").seed(apps, None)
    try:
        checklists = importlib.import_module("supervision.migrations.0002_seed_checklists")
    except ImportError:
        return
    if not apps.get_model("supervision", "ChecklistTemplate").objects.exists():
        checklists.seed(apps, None)
        importlib.import_module("supervision.migrations.0010_checklist_v2_article_citations").publish_v2(apps, None)
        importlib.import_module("supervision.migrations.0010_seed_family_checklist").seed(apps, None)
    if not apps.get_model("supervision", "QualityTemplate").objects.exists():
        importlib.import_module("supervision.migrations.0013_seed_quality_template").seed(apps, None)


@pytest.fixture(autouse=True)
def _seed_data(request):
    """Transactional tests (browser tests, PostgreSQL concurrency tests) flush the seeded tables."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if marker or "db" in request.fixturenames or transactional:
        request.getfixturevalue("transactional_db" if transactional else "db")
        _reseed()


# --- The browser for tests/e2e/: found once per run (by the xdist controller), skipped loudly if none ----------


def pytest_configure(config):
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has looked already
        config.stash[BROWSER] = browser.Found.from_dict(config.workerinput["baodi_browser"])
        return
    config.stash[BROWSER] = browser.find_browser(
        install=browser.e2e_selected(config), say=lambda line: print(line, file=sys.stderr, flush=True)
    )


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist: hand each worker what the controller found."""
    node.workerinput["baodi_browser"] = node.config.stash[BROWSER].as_dict()


def pytest_report_header(config):
    found = config.stash[BROWSER]
    if found.executable:
        return f"browser: {found.source} {found.executable}"
    return f"browser: none ({'; '.join(found.tried)})"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture (live server, database flush) is set up: no browser, no browser test; no clamd, no scan
    test (tests/clamd_daemon.py)."""
    clamd_daemon.setup(item)
    if item.get_closest_marker("e2e") is None or item.config.stash[BROWSER].executable:
        return
    if browser.require_browser():
        pytest.fail(f"{NO_BROWSER} and {browser.REQUIRE_ENV} is set", pytrace=False)
    pytest.skip(NO_BROWSER)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """One loud line for all the browser tests a missing browser skipped (or, under CI, failed); one for clamd's."""
    clamd_daemon.summary(terminalreporter, config)
    found = config.stash[BROWSER]
    if found.executable or hasattr(config, "workerinput"):
        return
    reports = [
        report
        for kind in ("skipped", "failed", "error")
        for report in terminalreporter.stats.get(kind, [])
        if getattr(report, "when", None) == "setup" and NO_BROWSER in getattr(report, "longreprtext", "")
    ]
    if not reports:
        return
    tests = f"{len(reports)} browser test{'s' if len(reports) != 1 else ''}"
    outcome = f"FAILED ({browser.REQUIRE_ENV} is set)" if browser.require_browser() else "SKIPPED"
    terminalreporter.write_sep(
        "!",
        f"{tests} {outcome}: {NO_BROWSER} ({'; '.join(found.tried)}). Get one: {browser.HOW_TO_GET_ONE}",
        red=True,
        bold=True,
    )
