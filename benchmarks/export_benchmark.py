"""Time and peak memory of exporting 10,000 institutions to CSV and to xlsx, through the real view code.

    .venv/bin/python benchmarks/export_benchmark.py [--institutions 10000] [--keep]

Without DATABASE_URL it builds a throwaway SQLite database under /tmp (deleted afterwards unless --keep). With
DATABASE_URL it uses Django's test database next to the one named there (test_<name>: created, then dropped), so
no real data is touched.

It creates the institutions with bulk_create (two classes each), then requests the register export as the health
commission with Django's test Client (URL routing, middleware, scope, filters, the resource, the writer), reading
the whole response (streaming_content). Each measurement runs in a fresh Python process, so that the peak
resident memory (getrusage maxrss) of one export is not hidden by the data set-up or by another export:

- wall: seconds from the request to the last byte read;
- traced peak: the highest memory Python allocated during the request (tracemalloc; a separate run, because
  tracing slows Python down);
- maxrss growth: how far the process's peak resident memory rose during the request, over a process that had
  already done one small export; process maxrss: that peak itself (Python, Django, the export).

For comparison it also measures the naive way: the same resource building a whole tablib Dataset in memory
(resource.export(queryset)) and turning it into CSV / xlsx.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baodi_care.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
    os.environ["AXES_ENABLED"] = "0"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test Client's host, keeps e-mail in memory


# --- Building the data ------------------------------------------------------------------------------


def populate(count: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from baodi_care.accounts.choices import Role
    from baodi_care.accounts.models import Jurisdiction, User
    from institutions.choices import Category, ClassType, InstitutionStatus, LegalForm, Ownership
    from institutions.demo import BRANDS, SUFFIX, make_uscc
    from institutions.models import ClassGroup, Institution

    jurisdictions = list(Jurisdiction.objects.order_by("code"))
    categories = list(Category)
    forms = list(LegalForm)
    statuses = [InstitutionStatus.FILED] * 6 + [InstitutionStatus.DRAFT, InstitutionStatus.CHANGE_PENDING]
    institutions = []
    for n in range(count):
        category = categories[n % len(categories)]
        jurisdiction = jurisdictions[n % len(jurisdictions)]
        institutions.append(
            Institution(
                name=f"天津市宝坻区{BRANDS[n % len(BRANDS)]}{SUFFIX[category]}{n:05d}",
                uscc=make_uscc(forms[n % len(forms)], 100000 + n),
                legal_form=forms[n % len(forms)],
                ownership=Ownership.PUBLIC if n % 5 == 0 else Ownership.PRIVATE,
                category=category,
                offers_half_day=n % 3 == 0,
                offers_hourly=n % 4 == 0,
                is_inclusive=n % 2 == 0,
                jurisdiction=jurisdiction,
                address=f"天津市宝坻区{jurisdiction.name}建设路{n % 300 + 1}号",
                legal_representative="王秀英",
                principal_name="李建国",
                contact_phone=f"022-22{n % 1000000:06d}",
                building_area=480,
                status=statuses[n % len(statuses)],
            )
        )
    Institution.objects.bulk_create(institutions, batch_size=1000)
    classes = []
    for institution in Institution.objects.only("pk"):
        classes.append(ClassGroup(institution=institution, name="托小班", class_type=ClassType.TODDLER, seats=15))
        classes.append(ClassGroup(institution=institution, name="托大班", class_type=ClassType.SENIOR, seats=20))
    ClassGroup.objects.bulk_create(classes, batch_size=2000)
    User.objects.create(username="benchmark-commission", full_name="基准测试", role=Role.COMMISSION)


# --- One measurement (in its own process) ---------------------------------------------------------------


def _client():
    from django.test import Client

    from baodi_care.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="benchmark-commission"))
    return client


def _view_export(client, fmt: str, sink) -> tuple[int, int]:
    """(bytes, CSV lines) of the register export through the view; the body goes to `sink` (a file on disk)."""
    from django.urls import reverse

    response = client.get(reverse("supervision:export_register"), {"format": fmt})
    if response.status_code != 200:
        raise SystemExit(f"the export answered {response.status_code}")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
        sink.write(chunk)
    return size, lines


def _naive_export(fmt: str, sink) -> tuple[int, int]:
    """The same resource, the naive way: one tablib Dataset of every row, then the whole file in memory."""
    from baodi_care.accounts.models import User
    from institutions.models import Institution
    from institutions.register.columns import register_queryset
    from institutions.register.resources import InstitutionResource

    user = User.objects.get(username="benchmark-commission")
    queryset = register_queryset(Institution.objects.for_user(user)).order_by("jurisdiction__code", "name", "pk")
    dataset = InstitutionResource().export(queryset=queryset)
    data = ("\ufeff" + dataset.export("csv")).encode() if fmt == "csv" else dataset.export("xlsx")
    sink.write(data)
    return len(data), len(dataset) + 1


def _rows(path: str, fmt: str, lines: int) -> int:
    """Rows of the file written (header included), counted after the measurement."""
    if fmt == "csv":
        return lines
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return rows


def measure(fmt: str, way: str, traced: bool) -> dict:
    client = _client()
    # Warm up: import every module and fill Django's caches with a tiny export, so only the export itself counts.
    from django.urls import reverse

    warm = client.get(reverse("supervision:export_register"), {"format": fmt, "status": "closed"})
    b"".join(warm.streaming_content)
    run = (lambda sink: _view_export(client, fmt, sink)) if way == "view" else (lambda sink: _naive_export(fmt, sink))
    with tempfile.NamedTemporaryFile(suffix=f".{fmt}", dir="/tmp") as sink:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if traced:
            tracemalloc.start()
        start = time.perf_counter()
        size, lines = run(sink)
        wall = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if traced else None
        if traced:
            tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sink.flush()
        rows = _rows(sink.name, fmt, lines)
    return {
        "wall": wall,
        "traced_peak": peak,
        "rss_growth_kb": rss_after - rss_before,
        "rss_peak_kb": rss_after,
        "bytes": size,
        "rows": rows,
    }


def child(command: list[str], database_url: str) -> str:
    """Run one step in a fresh Python process; its last line of output is the answer."""
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(  # noqa: S603 - our own script, with our own arguments
        [sys.executable, __file__, "--child", *command], env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip().splitlines()[-1]


def mib(n: float | None) -> str:
    return "—" if n is None else f"{n / 1024 / 1024:.1f} MiB"


def run_step(command: list[str]) -> None:
    """The child side: set-up of the test database, the data, one measurement, or the tear-down."""
    url = os.environ["DATABASE_URL"]
    setup_django(url)
    from django.db import connection

    step = command[0]
    if step == "create-db":
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        print(url.rsplit("/", 1)[0] + "/" + name)
    elif step == "populate":
        started = time.perf_counter()
        populate(int(command[1]))
        print(f"{time.perf_counter() - started:.1f}")
    elif step == "measure":
        print(json.dumps(measure(command[1], command[2], command[3] == "1")))
    elif step == "drop-db":
        connection.creation.destroy_test_db(verbosity=0)
        print("dropped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--institutions", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file under /tmp")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive tablib comparison")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_step(args.child)
        return

    # This process stays small and never imports Django: a child started from a big process would inherit its
    # peak resident memory (Linux carries maxrss across exec), hiding what one export really takes.
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith("sqlite"):
        print("DATABASE_URL is SQLite: using a throwaway file under /tmp instead.")
        given = ""
    sqlite_file = None
    if given:
        database_url = child(["create-db"], given)
        where = f"test database {database_url.rsplit('/', 1)[1]} ({given.split(':', 1)[0]})"
    else:
        handle, sqlite_file = tempfile.mkstemp(prefix="baodi-export-bench-", suffix=".sqlite3", dir="/tmp")
        os.close(handle)
        database_url = f"sqlite:///{sqlite_file}"
        where = f"SQLite {sqlite_file}"
    try:
        seconds = child(["populate", str(args.institutions)], database_url)
        print(f"{args.institutions} institutions (two classes each) in {where}, made in {seconds} s")
        print()
        print("| export | way | wall time | traced peak | maxrss growth | process maxrss | file size | rows |")
        print("|---|---|---|---|---|---|---|---|")
        for way in ["view"] + ([] if args.no_naive else ["naive"]):
            for fmt in ("csv", "xlsx"):
                timed = json.loads(child(["measure", fmt, way, "0"], database_url))
                traced = json.loads(child(["measure", fmt, way, "1"], database_url))
                label = "view (streamed / write-only)" if way == "view" else "naive tablib Dataset"
                print(
                    f"| {fmt} | {label} | {timed['wall']:.2f} s | {mib(traced['traced_peak'])} | "
                    f"{timed['rss_growth_kb'] / 1024:.1f} MiB | {timed['rss_peak_kb'] / 1024:.0f} MiB | "
                    f"{mib(timed['bytes'])} | {timed['rows']} |"
                )
    finally:
        if given:
            child(["drop-db"], database_url)
        elif sqlite_file and not args.keep:
            Path(sqlite_file).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
