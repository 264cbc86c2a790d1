"""`manage.py generate_scale_data`: a national-size data set for benchmarks (baodi_care/home/scale/)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from baodi_care.home.scale.generator import SCALE_PASSWORD, Generator, Sizes


class Command(BaseCommand):
    help = (
        "Fill the database with a benchmark data set: institutions in every state, years of filings, inspections "
        "with their item checks, rectifications, fee disclosures, operating reports and complaints. Adds to what "
        "is there; PostgreSQL is filled with COPY, SQLite with batched inserts (small sizes)."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        parser.add_argument("--institutions", type=int, default=defaults.institutions)
        parser.add_argument("--filings", type=float, default=defaults.filings, help="filings per institution (mean)")
        parser.add_argument(
            "--inspections", type=float, default=defaults.inspections, help="inspections per filed institution (mean)"
        )
        parser.add_argument(
            "--rectify-share", type=float, default=defaults.rectify_share,
            help="share of finished inspections that find something to rectify",
        )  # fmt: skip
        parser.add_argument("--fee-disclosures", type=int, default=defaults.fee_disclosures)
        parser.add_argument("--reports", type=int, default=defaults.reports, help="months of operating reports")
        parser.add_argument(
            "--complaints", type=int, default=defaults.complaints, help="default: one per ten institutions"
        )
        parser.add_argument("--years", type=int, default=defaults.years, help="history spread over this many years")
        parser.add_argument("--officials", type=int, default=defaults.officials_per_jurisdiction)
        parser.add_argument("--district-users", type=int, default=defaults.district_users)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--password", default=SCALE_PASSWORD, help="the password of every generated account")
        parser.add_argument(
            "--force", action="store_true", help="Generate even with DEBUG off (a benchmark copy, never production)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off, so this looks like production: generate_scale_data adds thousands of invented "
                "institutions and accounts with a published password. Nothing was added. Use DJANGO_DEBUG=1, or "
                "--force for a benchmark database that is not production."
            )
        if options["institutions"] < 1:
            raise CommandError("--institutions must be at least 1.")
        sizes = Sizes(
            institutions=options["institutions"], filings=options["filings"], inspections=options["inspections"],
            rectify_share=options["rectify_share"], fee_disclosures=max(options["fee_disclosures"], 1),
            reports=options["reports"], complaints=options["complaints"], years=max(options["years"], 1),
            officials_per_jurisdiction=max(options["officials"], 1), district_users=max(options["district_users"], 1),
            seed=options["seed"],
        )  # fmt: skip
        started = time.monotonic()
        generator = Generator(sizes, password=options["password"], say=lambda line: self.stdout.write(line))
        try:
            counts = generator.run()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh statistics (or the planner guesses from empty tables) and a visibility map (index-only scans).
                # VACUUM cannot run inside a transaction (a caller's, as in the tests): then statistics only.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count:,}")
        self.stdout.write(self.style.SUCCESS(f"Generated in {time.monotonic() - started:.0f} s."))
