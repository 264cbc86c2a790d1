"""The load benchmark: for each database given, serve the portal with gunicorn (as in production: debug off, 3
workers) and drive it with locust, headless, 16 users for a minute; then one table, the databases side by side,
p50 / p95 / p99 per page and the throughput.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/load/run.py \\
        1000=postgres://postgres@127.0.0.1:5432/baodi_scale1k 100000=postgres://postgres@127.0.0.1:5432/baodi_scale

Each database is filled by `manage.py generate_scale_data` first (see the README, "National scale").
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
PORT = 8100


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError(f"nothing answers on port {port}")


def run_one(label: str, url: str, args, workdir: Path) -> dict[str, dict]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_HTTPS": "0",
        "DJANGO_DEBUG": "0",
    }
    plan = workdir / f"plan-{label}.json"
    with plan.open("w") as out:
        subprocess.run([VENV / "python", ROOT / "benchmarks/load/prepare.py"], env=env, stdout=out, check=True)
    subprocess.run([VENV / "python", ROOT / "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [VENV / "gunicorn", "baodi_care.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(args.workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_port(PORT)
        prefix = workdir / label
        subprocess.run(
            [
                VENV / "locust", "-f", ROOT / "benchmarks/load/locustfile.py", "--headless", "-u", str(args.users),
                "-r", str(args.users), "-t", args.time, "--host", f"http://127.0.0.1:{PORT}", "--csv", prefix,
                "--only-summary",
            ],
            env={**env, "LOAD_PLAN": str(plan)},
            check=False,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            return {row["Name"]: row for row in csv.DictReader(stats)}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+", help="label=DATABASE_URL, e.g. 1000=postgres://…/baodi_scale1k")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--time", default="60s")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for item in args.databases:
            label, url = item.split("=", 1)
            results[label] = run_one(label, url, args, Path(tmp))
    labels = list(results)
    names = [n for n in results[labels[0]] if n != "Aggregated"] + ["Aggregated"]
    header = " | ".join(f"{label}: requests, p50 / p95 / p99 ms" for label in labels)
    print(f"| page | {header} |")
    print("|---|" + "---|" * len(labels))
    for name in names:
        cells = []
        for label in labels:
            row = results[label].get(name)
            cells.append(
                f"{row['Request Count']}, {row['50%']} / {row['95%']} / {row['99%']}"
                + (f" ({row['Failure Count']} failed)" if row["Failure Count"] != "0" else "")
                if row
                else "—"
            )
        print(f"| {name} | " + " | ".join(cells) + " |")
    rates = ", ".join(f"{label}: {float(results[label]['Aggregated']['Requests/s']):.1f}/s" for label in labels)
    print(f"\nThroughput: {rates} ({args.users} users, {args.time}, gunicorn {args.workers} workers).")


if __name__ == "__main__":
    sys.exit(main())
