"""The real ClamAV daemon for the upload-scan tests (marker `clamd`): the one CLAMD_SOCKET names.

`.ci/run` starts one with `.ci/clamd.sh` and exports CLAMD_SOCKET, so CI scans every upload of the suite through it.
Without one the `clamd` tests are skipped, with one loud line at the end of the run; BAODI_REQUIRE_CLAMD=1 (set by
`.ci/run`) turns those skips into failures.
"""

from __future__ import annotations

import os

import pytest

REQUIRE_ENV = "BAODI_REQUIRE_CLAMD"
NO_CLAMD = "no ClamAV daemon for the upload-scan tests: CLAMD_SOCKET is not set"
HOW_TO_GET_ONE = "bash .ci/clamd.sh starts one, then export CLAMD_SOCKET=/tmp/baodi-clamd/clamd.sock"


def socket_path() -> str:
    """The daemon's socket from the environment (settings.CLAMD_SOCKET is changed by some tests)."""
    return os.environ.get("CLAMD_SOCKET", "").strip()


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def setup(item) -> None:
    """Before a `clamd` test: no daemon configured, no test (a failure where one is required)."""
    if item.get_closest_marker("clamd") is None or socket_path():
        return
    if required():
        pytest.fail(f"{NO_CLAMD} and {REQUIRE_ENV} is set", pytrace=False)
    pytest.skip(NO_CLAMD)


def summary(terminalreporter, config) -> None:
    """One loud line for all the `clamd` tests that were skipped (or, under CI, failed) for want of a daemon."""
    if hasattr(config, "workerinput"):
        return
    reports = [
        report
        for kind in ("skipped", "failed", "error")
        for report in terminalreporter.stats.get(kind, [])
        if getattr(report, "when", None) == "setup" and NO_CLAMD in getattr(report, "longreprtext", "")
    ]
    if not reports:
        return
    tests = f"{len(reports)} virus-scan test{'s' if len(reports) != 1 else ''}"
    outcome = f"FAILED ({REQUIRE_ENV} is set)" if required() else "SKIPPED"
    terminalreporter.write_sep("!", f"{tests} {outcome}: {NO_CLAMD}. Get one: {HOW_TO_GET_ONE}", red=True, bold=True)
