"""Page times in-process: each page requested through Django's test Client by a signed-in user of the role that
uses it, against the database DATABASE_URL names (filled by `manage.py generate_scale_data`), and the median of
several runs with the queries each request made. No web server, no network: the cost of the portal's own code and
its queries. The load benchmark (benchmarks/load/) measures the same pages served by gunicorn under 16 users.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baodi_scale .venv/bin/python benchmarks/pages.py --runs 5
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baodi_care.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_HTTPS", "0")

import django

django.setup()
logging.getLogger("baodi_care.security").setLevel(logging.WARNING)  # one line per sign-in is noise here

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks.accounts import sign_in  # noqa: E402


def pages() -> list[tuple[str, str, str]]:
    """(label, who, URL): who is a generated account's user name, or "" for the public."""
    from institutions.models import Filing, Institution

    filed = Institution.objects.filter(status="filed").order_by("pk").first()
    official = "scale_official_1_1"
    from baodi_care.accounts.models import User

    official_jurisdiction = User.objects.get(username=official).jurisdiction_id
    submitted = Filing.objects.filter(status="submitted", institution__jurisdiction_id=official_jurisdiction).first()
    operator = filed.memberships.filter(is_owner=True).first().user.username
    last_page = Institution.objects.count() // 25 + 1
    rows = [
        ("home (commission)", "scale_commission_1", reverse("home")),
        ("register", "scale_commission_1", reverse("institutions:list")),
        ("register, last page", "scale_commission_1", reverse("institutions:list") + f"?page={last_page}"),
        ("register, search", "scale_commission_1", reverse("institutions:list") + "?q=阳光托育"),
        ("filing work list", official, reverse("supervision:filing_worklist")),
        ("filing work list, page 200", "scale_commission_1", reverse("supervision:filing_worklist") + "?page=200"),
        ("inspection list", "scale_commission_1", reverse("supervision:inspection_list")),
        ("rectification ledger", official, reverse("supervision:rectification_ledger")),
        ("coverage", "scale_commission_1", reverse("supervision:coverage")),
        ("dashboard", "scale_commission_1", reverse("supervision:dashboard")),
        ("fee status", "scale_commission_1", reverse("institutions:fee_status")),
        ("official home", official, reverse("home")),
        ("operator home", operator, reverse("home")),
        ("institution page (operator)", operator, reverse("institutions:detail", args=[filed.pk])),
        ("public register", "", reverse("public:register")),
        ("public institution page", "", reverse("public:institution", args=[filed.pk])),
        ("open data JSON", "", reverse("open_data:register_json")),
    ]
    if submitted is not None:
        rows.insert(5, ("filing review page", official, reverse("supervision:filing_review", args=[submitted.pk])))
    return rows


def measure(client: Client, url: str, runs: int, show_queries: bool = False) -> tuple[float, int, int]:
    """(median ms, queries of the last run, status): the whole body read, streamed or not."""
    times, queries, status = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
            else:
                _ = response.content
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    if show_queries and captured is not None:
        for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:8]:
            print(f"    {float(query['time']) * 1000:8.1f} ms  {query['sql'][:600]}")
    return statistics.median(times), queries, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    parser.add_argument("--queries", action="store_true", help="print each query of the last run, slowest first")
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # debug is off: pages name the hashed files
    clients: dict[str, Client] = {}
    print(f"| page | median ms ({args.runs} runs) | queries | status |")
    print("|---|---|---|---|")
    for label, who, url in pages():
        if args.only and args.only not in label:
            continue
        if who not in clients:
            clients[who] = Client()
            if who:
                sign_in(clients[who], who)
        client = clients[who]
        client.get(url)  # warm: templates, caches, the connection
        median, queries, status = measure(client, url, args.runs, args.queries)
        print(f"| {label} | {median:.0f} | {queries} | {status} |", flush=True)


if __name__ == "__main__":
    main()
