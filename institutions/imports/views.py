"""The health commission imports an existing register: upload, dry-run preview (with the columns as guessed, which
the clerk may correct), confirm: every row, or the valid rows with the refused ones left out and downloadable.

The uploaded file waits under MEDIA_ROOT/imports/<uuid> with its sha256 in the session (one pending import per
session); the preview reads it again, and the confirmation carries the hash of the file previewed, so what is
imported is exactly what was shown. The confirmed import runs as a background job (institutions/imports/tasks.py);
the confirmation redirects to the job's page. Views parse input and call the imports services; they write nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from baodi_care.accounts.permissions import COMMISSION_ONLY, RoleRequiredMixin
from baodi_care.core.spreadsheets import Table, download, file_name
from institutions.imports.forms import IMPORT_PREVIEW_STALE, ColumnMappingForm, ConfirmImportForm, RegisterUploadForm
from institutions.imports.plan import CREATE, ERROR, SKIP, UPDATE, ImportPlan, plan_import
from institutions.imports.readers import read_table
from institutions.imports.services import save_mapping
from institutions.imports.stash import SESSION_KEY, discard_stash, load_stash, stash_upload
from institutions.imports.tasks import start_import_job
from institutions.models import RegisterImport
from institutions.register.columns import REGISTER_COLUMNS

IMPORT_CANCELLED = _("The upload was discarded; nothing was imported.")
IMPORT_NOTHING_PENDING = _("Upload a register file first.")
IMPORT_UPLOAD_INVALID = _("The file was not accepted: see below.")
MAPPING_SAVED = _("The columns are read as you chose; the mapping is saved for the next file with these headers.")
REFUSED_ROWS_TITLE = _("Refused rows")
LINE_HEADER = _("Line in the file")
REASONS_HEADER = _("Why the row is refused")


def _pending(request) -> dict | None:
    return request.session.get(SESSION_KEY)


def _forget(request) -> None:
    discard_stash(request.session.pop(SESSION_KEY, None))


class ImportView(RoleRequiredMixin, View):
    """The upload form and the imports made so far."""

    allowed_roles = COMMISSION_ONLY
    template_name = "institutions/imports/import_form.html"

    def render(self, form, status: int = 200):
        recent = RegisterImport.objects.select_related("imported_by")[:20]
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "recent": recent,
                "pending": _pending(self.request),
                "columns": REGISTER_COLUMNS,
            },
            status=status,
        )

    def get(self, request):
        return self.render(RegisterUploadForm())

    def post(self, request):
        form = RegisterUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, IMPORT_UPLOAD_INVALID)
            return self.render(form)
        _forget(request)  # a new upload replaces the one waiting
        request.session[SESSION_KEY] = stash_upload(upload=form.cleaned_data["file"], by=request.user)
        return redirect("institutions:import_preview")


def _plan(request, pending: dict) -> ImportPlan:
    """The dry run of the waiting upload, read with the mapping chosen for it (if any); ValidationError if gone."""
    data = load_stash(pending)
    return plan_import(
        rows=read_table(data=data, file_name=pending["file_name"]), by=request.user, mapping=pending.get("mapping")
    )


def _pending_plan(request):
    """(pending upload, its plan, None), or (None, None, a redirect to the upload page) when nothing is waiting or
    the waiting file can no longer be read (it is forgotten, and the clerk is told why)."""
    pending = _pending(request)
    if not pending:
        messages.info(request, IMPORT_NOTHING_PENDING)
        return None, None, redirect("institutions:import")
    try:
        return pending, _plan(request, pending), None
    except ValidationError as exc:
        _forget(request)
        for message in exc.messages:
            messages.error(request, message)
        return None, None, redirect("institutions:import")


class ImportPreviewView(RoleRequiredMixin, View):
    """The dry run: each row to create, update (with the fields that change), skip, or fix."""

    allowed_roles = COMMISSION_ONLY
    template_name = "institutions/imports/import_preview.html"

    def get(self, request):
        pending, plan, back = _pending_plan(request)
        if back:
            return back
        return render(
            request,
            self.template_name,
            {
                "pending": pending,
                "plan": plan,
                "counts": plan.counts,
                "errors": plan.by_action(ERROR),
                "creates": plan.by_action(CREATE),
                "updates": plan.by_action(UPDATE),
                "skips": plan.by_action(SKIP),
                "warned": [row for row in plan.rows if row.warnings and row.action != ERROR],
                "confirm_form": ConfirmImportForm(initial={"sha256": pending["sha256"]}),
                "valid_only_form": ConfirmImportForm(initial={"sha256": pending["sha256"], "valid_rows_only": True}),
                "mapping_form": ColumnMappingForm(layout=plan.layout),
            },
        )


class ImportMappingView(RoleRequiredMixin, View):
    """The clerk corrects which field each column holds: saved for the next file with these headers, used now."""

    allowed_roles = COMMISSION_ONLY

    def post(self, request):
        pending, plan, back = _pending_plan(request)
        if back:
            return back
        form = ColumnMappingForm(request.POST, layout=plan.layout)
        if form.is_valid():
            mapping = form.mapping()
            save_mapping(headers=[c.header for c in plan.layout.columns], mapping=mapping, by=request.user)
            request.session[SESSION_KEY] = {**pending, "mapping": mapping}
            messages.success(request, MAPPING_SAVED)
        else:
            messages.error(request, IMPORT_UPLOAD_INVALID)
        return redirect("institutions:import_preview")


class ImportRefusedRowsView(RoleRequiredMixin, View):
    """The refused rows of the waiting upload as a workbook: the file's own columns, then why, to fix and upload."""

    allowed_roles = COMMISSION_ONLY

    def get(self, request):
        _pending, plan, back = _pending_plan(request)
        if back:
            return back
        headers = [column.header for column in plan.layout.columns]
        indexes = [column.index for column in plan.layout.columns]
        rows = [
            [row.line, *(row.cells[i] if i < len(row.cells) else "" for i in indexes), "；".join(row.errors)]
            for row in plan.by_action(ERROR)
        ]
        table = Table(headers=[LINE_HEADER, *headers, REASONS_HEADER], rows=rows, title=REFUSED_ROWS_TITLE)
        return download(table, fmt="xlsx", name=file_name("refused-rows"))


class ImportConfirmView(RoleRequiredMixin, View):
    """Run the previewed import, all-or-nothing, as a background job; its page shows the progress and the outcome."""

    allowed_roles = COMMISSION_ONLY

    def post(self, request):
        pending = _pending(request)
        if not pending:
            messages.info(request, IMPORT_NOTHING_PENDING)
            return redirect("institutions:import")
        form = ConfirmImportForm(request.POST)
        if not form.is_valid() or form.cleaned_data["sha256"] != pending["sha256"]:
            messages.error(request, IMPORT_PREVIEW_STALE)
            return redirect("institutions:import_preview")
        # The upload now belongs to the job (which deletes it when done); the session forgets it.
        request.session.pop(SESSION_KEY, None)
        job = start_import_job(
            pending=pending, by=request.user, valid_rows_only=bool(form.cleaned_data.get("valid_rows_only"))
        )
        return redirect(job)


class ImportCancelView(RoleRequiredMixin, View):
    """Throw the waiting upload away."""

    allowed_roles = COMMISSION_ONLY

    def post(self, request):
        if _pending(request):
            _forget(request)
            messages.info(request, IMPORT_CANCELLED)
        return redirect("institutions:import")
