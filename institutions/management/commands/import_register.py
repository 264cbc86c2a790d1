"""`manage.py import_register FILE [--dry-run] [--map 源列=字段 …]`: the register import of the portal's import page,
from the command line: the same header search, column guessing (and saved mappings), per-row outcome and summary."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from institutions.imports.mapping import field_choices, guess_layout
from institutions.imports.parser import _header_lookup
from institutions.imports.plan import CREATE, ERROR, SKIP, UPDATE, plan_import
from institutions.imports.readers import _normal, read_table
from institutions.imports.services import run_import

OUTCOME_WORDS = {CREATE: "create", UPDATE: "update", SKIP: "unchanged", ERROR: "refused"}


def parse_map(entries: list[str]) -> dict[str, str]:
    """`源列=字段` pairs: the file's header, then a field key (principal_name), a header of the export in any
    language (负责人), or nothing (the column is not read)."""
    keys = {key for key, _label in field_choices()}
    lookup = _header_lookup()
    mapping = {}
    for entry in entries:
        source, sep, target = entry.partition("=")
        if not sep or not source.strip():
            raise CommandError(f"--map takes 源列=字段 (column=field), not {entry!r}")
        target = target.strip()
        key = target if target in keys or not target else lookup.get(_normal(target), "")
        if target and key not in keys:
            raise CommandError(f"unknown field {target!r}; use one of: {', '.join(sorted(keys))}")
        mapping[source.strip()] = key
    return mapping


class Command(BaseCommand):
    help = (
        "Import a register (xlsx or csv) as the import page does: the header is found under a title, the columns are "
        "guessed from their names (or as saved for these headers) and may be set with --map; prints what happens to "
        "each row and a summary line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The register file (.xlsx or .csv).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would happen; write nothing.")
        parser.add_argument(
            "--map", action="append", default=[], metavar="源列=字段", help="Read a column into a field (repeatable)."
        )
        parser.add_argument(
            "--valid-rows-only", action="store_true", help="Import the valid rows and leave the refused ones."
        )
        parser.add_argument("--by", help="Username of the health-commission account (default: the first active one).")

    def handle(self, *args, file, dry_run=False, map=(), valid_rows_only=False, by=None, **options):
        translation.activate("zh-hans")
        user = self._user(by)
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        try:
            rows = read_table(data=data, file_name=path.name)
            mapping = None
            if map:
                mapping = {**guess_layout(rows, by=user).mapping, **parse_map(list(map))}
            plan = plan_import(rows=rows, by=user, mapping=mapping)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        layout = plan.layout
        self.stdout.write(f"header: line {layout.header_line}")
        for column in layout.columns:
            self.stdout.write(f"  {column.header} → {column.key or '-'} ({column.how_label})")
        for message in plan.file_errors:
            self.stderr.write(message)
        if plan.file_errors:
            raise CommandError("the file cannot be imported")
        for row in plan.rows:
            changes = "；".join(f"{c['label']}: {c['before']} → {c['after']}" for c in row.changes)
            details = "；".join(row.errors) or changes
            if row.missing:
                missing = "incomplete: " + "、".join(str(c.header) for c in row.missing)
                details = "; ".join(filter(None, [details, missing]))
            self.stdout.write(f"line {row.line}\t{OUTCOME_WORDS[row.action]}\t{row.uscc or '-'}\t{row.name}\t{details}")
        counts = plan.counts
        if not dry_run:
            try:
                record = run_import(
                    data=data, file_name=path.name, by=user, mapping=mapping, valid_rows_only=valid_rows_only
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            counts = {CREATE: record.created, UPDATE: record.updated, SKIP: record.skipped, ERROR: record.refused}
        prefix = "dry run: " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {counts[CREATE]} / updated {counts[UPDATE]} / unchanged {counts[SKIP]} / "
            f"refused {counts[ERROR]}"
        )

    @staticmethod
    def _user(username: str | None) -> User:
        users = User.objects.filter(role=Role.COMMISSION, is_active=True)
        user = users.filter(username=username).first() if username else users.order_by("pk").first()
        if user is None:
            raise CommandError(
                f"no active health-commission account {username!r}" if username else "no health-commission account"
            )
        return user
