"""Which chromium the browser tests (tests/e2e/, marker e2e) drive, decided once per run.

In this order: Debian's `chromium` (or `chromium-browser`) on PATH; Playwright's own chromium, if
`playwright install chromium` has put it in Playwright's folder; else one attempt, with a time limit, at
`playwright install chromium`. A candidate counts only once it has started headless with our flags, so a
browser that cannot run (missing system libraries, a broken binary) leads to the next one, or to the skip.

`BAODI_HIDE_SYSTEM_CHROMIUM=1` hides Debian's chromium, to try the other two paths on a machine that has it.
`BAODI_REQUIRE_BROWSER=1` (set by .ci/run) turns "no browser, browser tests skipped" into failures.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HIDE_SYSTEM_ENV = "BAODI_HIDE_SYSTEM_CHROMIUM"
REQUIRE_ENV = "BAODI_REQUIRE_BROWSER"
# A real download of Playwright's chromium (about 170 MB) fits well inside this; an offline machine fails
# in seconds (no DNS) or, behind a firewall that drops packets, is given up on here.
INSTALL_TIMEOUT_SECONDS = 300
HOW_TO_GET_ONE = "apt-get install chromium fonts-wqy-microhei, or .venv/bin/playwright install chromium"

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Found:
    """The browser to drive (`executable` None: none usable) and what was tried, for the report."""

    executable: str | None
    source: str = ""
    tried: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        """Plain values, to hand to pytest-xdist workers."""
        return {"executable": self.executable, "source": self.source, "tried": list(self.tried)}

    @classmethod
    def from_dict(cls, data: dict) -> Found:
        return cls(executable=data["executable"], source=data["source"], tried=tuple(data["tried"]))


def require_browser() -> bool:
    """True where a missing browser must fail the run (CI)."""
    return os.environ.get(REQUIRE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def system_chromium() -> str | None:
    """Debian's chromium on PATH, unless hidden by BAODI_HIDE_SYSTEM_CHROMIUM."""
    if os.environ.get(HIDE_SYSTEM_ENV, "").strip() not in ("", "0"):
        return None
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def playwright_chromium() -> str | None:
    """Playwright's own chromium for the installed Playwright version, if it is on disk."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # no driver, a broken install: then there is no such browser
        return None
    return path if path and Path(path).is_file() else None


def install_playwright_chromium(timeout: float = INSTALL_TIMEOUT_SECONDS) -> str | None:
    """One attempt at `playwright install chromium`; None when it succeeded, else why it did not."""
    # The full browser only: we always pass its path, so Playwright's headless shell would go unused.
    command = [sys.executable, "-m", "playwright", "install", "--no-shell", "chromium"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return f"`playwright install chromium` gave up after {timeout:.0f} s"
    except OSError as exc:
        return f"`playwright install chromium` could not run: {exc}"
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        cause = next((line for line in lines if "ENOTFOUND" in line or "Failed to" in line), lines[-1] if lines else "")
        return f"`playwright install chromium` failed (exit {done.returncode}): {cause}"
    return None


def launch_error(executable: str) -> str | None:
    """Start the browser headless once with our flags; None if it started, else the first line of the error."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            playwright.chromium.launch(executable_path=executable, headless=True, args=LAUNCH_ARGS).close()
    except Exception as exc:  # whatever stops it from starting is the reason we report
        message = str(exc).strip().splitlines()
        return message[0] if message else type(exc).__name__
    return None


def find_browser(*, install: bool = True, install_timeout: float = INSTALL_TIMEOUT_SECONDS, say=None) -> Found:
    """Debian's chromium, else Playwright's, else (when `install`) one `playwright install chromium` attempt."""
    tried: list[str] = []

    def usable(path: str, source: str) -> Found | None:
        error = launch_error(path)
        if error is None:
            return Found(executable=path, source=source, tried=tuple(tried))
        tried.append(f"{source} {path} does not start: {error}")
        return None

    path = system_chromium()
    if path:
        found = usable(path, "Debian chromium")
        if found:
            return found
    else:
        tried.append(
            "no chromium on PATH" + (f" ({HIDE_SYSTEM_ENV} is set)" if os.environ.get(HIDE_SYSTEM_ENV) else "")
        )

    path = playwright_chromium()
    if path:
        found = usable(path, "Playwright's chromium")
        if found:
            return found
    else:
        tried.append("no Playwright chromium downloaded")

    if not install:
        return Found(executable=None, tried=tuple(tried))
    if say:
        say(f"No chromium found; trying `playwright install chromium` once (at most {install_timeout:.0f} s).")
    error = install_playwright_chromium(timeout=install_timeout)
    if error:
        tried.append(error)
        return Found(executable=None, tried=tuple(tried))
    path = playwright_chromium()
    if not path:
        tried.append("`playwright install chromium` succeeded but Playwright still has no chromium")
        return Found(executable=None, tried=tuple(tried))
    found = usable(path, "Playwright's chromium (just downloaded)")
    return found or Found(executable=None, tried=tuple(tried))


def e2e_selected(config) -> bool:
    """Whether this run may include browser tests, judged from its paths and `-m` before collection.

    Only the download waits on this; finding a browser that is already there costs a second either way.
    """
    markexpr = config.option.markexpr
    if markexpr:
        from _pytest.mark.expression import Expression

        try:
            expression = Expression.compile(markexpr)
        except SyntaxError:
            return True  # pytest itself will report the bad expression
        if not any(expression.evaluate(_e2e_matcher(others)) for others in (True, False)):
            return False
    e2e_dir = Path(__file__).resolve().parent / "e2e"
    for arg in config.args or ["."]:
        path = (Path(config.invocation_params.dir) / arg.split("::")[0]).resolve()
        if path == e2e_dir or e2e_dir in path.parents or path in e2e_dir.parents:
            return True
    return False


def _e2e_matcher(others: bool):
    """A `-m` matcher for an e2e test: never a postgres test; any other marker it may or may not carry."""

    def matcher(name: str, /, **kwargs) -> bool:
        return name == "e2e" or (name != "postgres" and others)

    return matcher
