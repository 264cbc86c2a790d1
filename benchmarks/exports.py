"""Time, first byte and peak memory of the big downloads, through the real views, against DATABASE_URL's data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baodi_scale /usr/bin/time -v \\
        .venv/bin/python benchmarks/exports.py register-csv

One download per run (so that /usr/bin/time's peak resident memory is that download's): `register-csv` and
`register-xlsx` (the exports page's register, as the commission `scale_commission_1`, signed in with the benchmark
password and authenticator), `open-data-json` and `open-data-csv` (anonymous; `--fresh` first marks the kept file
stale, so that it is written from the register instead of sent from storage). It prints seconds to the first byte,
seconds to the last, and the bytes read. Compare with PostgreSQL's own floor:

    psql -h 127.0.0.1 -U postgres baodi_scale -c "\\copy (SELECT * FROM institutions_institution) TO /dev/null CSV"
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baodi_care.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_HTTPS", "0")
# The file as the view writes it, not a background job's redirect (a job writes it with the same code).
os.environ.setdefault("EXPORT_BACKGROUND_ROWS", str(10**9))

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks.accounts import sign_in  # noqa: E402

DOWNLOADS = {
    "register-csv": ("scale_commission_1", "supervision:export_register", {"format": "csv"}),
    "register-xlsx": ("scale_commission_1", "supervision:export_register", {"format": "xlsx"}),
    "open-data-json": ("", "open_data:register_json", {}),
    "open-data-csv": ("", "open_data:register_csv", {}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("download", choices=sorted(DOWNLOADS))
    parser.add_argument("--fresh", action="store_true", help="open data: write the file from the register")
    args = parser.parse_args()
    who, name, params = DOWNLOADS[args.download]
    client = Client()
    if who:
        sign_in(client, who)
    if args.fresh:
        from supervision.models import OpenDataFile

        OpenDataFile.objects.all().delete()
    started = time.perf_counter()
    response = client.get(reverse(name), params)
    if response.status_code != 200:
        raise SystemExit(f"{args.download}: HTTP {response.status_code}")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    first_byte = time.perf_counter() - started
    size = len(first) + sum(len(chunk) for chunk in chunks)
    response.close()
    total = time.perf_counter() - started
    print(f"{args.download}: first byte {first_byte:.2f} s, last byte {total:.1f} s, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
