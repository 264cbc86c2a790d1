"""The browser finder of tests/browser.py, with the machine's browsers and the download faked."""

from __future__ import annotations

import subprocess
from types import SimpleNamespace

import pytest

from tests import browser

DEBIAN = "/usr/bin/chromium"
PLAYWRIGHT = "/root/.cache/ms-playwright/chromium-1/chrome-linux64/chrome"


@pytest.fixture
def machine(monkeypatch):
    """A fake machine: which browsers exist, which start, and what `playwright install` does."""
    monkeypatch.delenv(browser.HIDE_SYSTEM_ENV, raising=False)  # the run itself may hide Debian's chromium
    state = SimpleNamespace(system=DEBIAN, playwright=None, broken=set(), install_result=None, installs=[], launched=[])

    def install(timeout):
        state.installs.append(timeout)
        if state.install_result is None:
            state.playwright = PLAYWRIGHT
        return state.install_result

    def launch_error(path):
        state.launched.append(path)
        return "Host system is missing dependencies to run browsers." if path in state.broken else None

    monkeypatch.setattr(browser, "system_chromium", lambda: state.system)
    monkeypatch.setattr(browser, "playwright_chromium", lambda: state.playwright)
    monkeypatch.setattr(browser, "install_playwright_chromium", install)
    monkeypatch.setattr(browser, "launch_error", launch_error)
    return state


def test_debian_chromium_comes_first(machine):
    machine.playwright = PLAYWRIGHT
    found = browser.find_browser()
    assert (found.executable, found.source) == (DEBIAN, "Debian chromium")
    assert machine.launched == [DEBIAN]
    assert machine.installs == []


def test_playwrights_own_chromium_when_there_is_no_debian_one(machine):
    machine.system = None
    machine.playwright = PLAYWRIGHT
    found = browser.find_browser()
    assert (found.executable, found.source) == (PLAYWRIGHT, "Playwright's chromium")
    assert machine.installs == []


def test_a_debian_chromium_that_does_not_start_gives_way_to_playwrights(machine):
    machine.playwright = PLAYWRIGHT
    machine.broken = {DEBIAN}
    found = browser.find_browser()
    assert found.executable == PLAYWRIGHT
    assert "does not start: Host system is missing dependencies" in found.tried[0]


def test_neither_one_downloads_playwrights_once(machine):
    machine.system = None
    said = []
    found = browser.find_browser(install_timeout=7, say=said.append)
    assert found.executable == PLAYWRIGHT
    assert found.source == "Playwright's chromium (just downloaded)"
    assert machine.installs == [7]
    assert "playwright install chromium" in said[0]


def test_a_failed_download_means_no_browser_and_says_why(machine):
    machine.system = None
    machine.install_result = "`playwright install chromium` failed (exit 1): Error: getaddrinfo ENOTFOUND"
    found = browser.find_browser()
    assert found.executable is None
    assert machine.installs == [browser.INSTALL_TIMEOUT_SECONDS]
    assert found.tried == (
        "no chromium on PATH",
        "no Playwright chromium downloaded",
        "`playwright install chromium` failed (exit 1): Error: getaddrinfo ENOTFOUND",
    )


def test_a_downloaded_chromium_that_does_not_start_means_no_browser(machine):
    machine.system = None
    machine.broken = {PLAYWRIGHT}
    found = browser.find_browser()
    assert found.executable is None
    assert machine.installs == [browser.INSTALL_TIMEOUT_SECONDS]
    assert "does not start" in found.tried[-1]


def test_no_download_when_no_browser_test_is_selected(machine):
    machine.system = None
    found = browser.find_browser(install=False)
    assert found.executable is None
    assert machine.installs == []


def test_the_found_browser_travels_to_xdist_workers_as_plain_values(machine):
    found = browser.find_browser()
    assert browser.Found.from_dict(found.as_dict()) == found


def test_hiding_debian_chromium(monkeypatch):
    monkeypatch.delenv(browser.HIDE_SYSTEM_ENV, raising=False)
    monkeypatch.setattr(browser.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert browser.system_chromium() == "/usr/bin/chromium"
    monkeypatch.setenv(browser.HIDE_SYSTEM_ENV, "1")
    assert browser.system_chromium() is None


def test_chromium_browser_is_found_too(monkeypatch):
    monkeypatch.delenv(browser.HIDE_SYSTEM_ENV, raising=False)
    monkeypatch.setattr(browser.shutil, "which", lambda name: "/usr/bin/chromium-browser" if "-" in name else None)
    assert browser.system_chromium() == "/usr/bin/chromium-browser"


@pytest.mark.parametrize(
    ("value", "required"), [(None, False), ("", False), ("0", False), ("false", False), ("1", True), ("yes", True)]
)
def test_the_ci_variable(monkeypatch, value, required):
    if value is None:
        monkeypatch.delenv(browser.REQUIRE_ENV, raising=False)
    else:
        monkeypatch.setenv(browser.REQUIRE_ENV, value)
    assert browser.require_browser() is required


def test_the_download_is_given_up_on_after_its_time(monkeypatch):
    def run(command, **kwargs):
        assert command[-3:] == ["install", "--no-shell", "chromium"]
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr(browser.subprocess, "run", run)
    assert browser.install_playwright_chromium(timeout=3) == "`playwright install chromium` gave up after 3 s"


def test_a_failed_download_reports_its_cause(monkeypatch):
    stderr = "Downloading Chrome...\nError: getaddrinfo ENOTFOUND cdn.example\n    at GetAddrInfoReqWrap\n"
    monkeypatch.setattr(
        browser.subprocess, "run", lambda command, **kw: subprocess.CompletedProcess(command, 1, "", stderr)
    )
    assert browser.install_playwright_chromium(timeout=3) == (
        "`playwright install chromium` failed (exit 1): Error: getaddrinfo ENOTFOUND cdn.example"
    )


def _config(args, markexpr="", invocation_dir=None):
    root = browser.Path(browser.__file__).resolve().parent.parent
    return SimpleNamespace(
        args=args,
        option=SimpleNamespace(markexpr=markexpr),
        invocation_params=SimpleNamespace(dir=invocation_dir or root),
    )


@pytest.mark.parametrize(
    ("args", "markexpr", "selected"),
    [
        (["tests"], "", True),
        (["."], "", True),
        (["tests/e2e"], "", True),
        (["tests/e2e/test_filing_path.py::test_initial_filing_from_registration_to_receipt"], "", True),
        (["tests/test_scoping.py"], "", False),
        (["tests/institutions", "tests/supervision"], "", False),
        (["tests"], "not e2e", False),
        (["tests"], "postgres", False),
        (["tests"], "e2e", True),
        (["tests"], "not slow", True),
        (["tests"], "e2e and django_db", True),
    ],
)
def test_whether_a_run_may_include_browser_tests(args, markexpr, selected):
    assert browser.e2e_selected(_config(args, markexpr)) is selected
