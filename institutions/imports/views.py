"""The health commission imports an existing register: upload, dry-run preview, confirm (all-or-nothing).

The uploaded file waits under MEDIA_ROOT/imports/<uuid> with its sha256 in the session (one pending import per
session); the preview reads it again, and the confirmation carries the hash of the file previewed, so what is
imported is exactly what was shown. Views parse input and call institutions.importing; they write nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import RoleRequiredMixin
from institutions.imports import plan as imports_plan
from institutions.imports import readers as imports_readers
from institutions.imports import services as imports_services
from institutions.imports import stash as imports_stash
from institutions.imports.forms import IMPORT_PREVIEW_STALE, ConfirmImportForm, RegisterUploadForm
from institutions.models import RegisterImport
from institutions.register import columns as register_columns

IMPORT_DONE = _("Register imported from %(file)s: %(created)s created, %(updated)s updated, %(skipped)s unchanged.")
IMPORT_CANCELLED = _("The upload was discarded; nothing was imported.")
IMPORT_NOTHING_PENDING = _("Upload a register file first.")
IMPORT_UPLOAD_INVALID = _("The file was not accepted: see below.")

COMMISSION = (Role.COMMISSION,)


def _pending(request) -> dict | None:
    return request.session.get(imports_stash.SESSION_KEY)


def _forget(request) -> None:
    imports_stash.discard_stash(request.session.pop(imports_stash.SESSION_KEY, None))


class ImportView(RoleRequiredMixin, View):
    """The upload form and the imports made so far."""

    allowed_roles = COMMISSION
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
                "columns": register_columns.REGISTER_COLUMNS,
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
        request.session[imports_stash.SESSION_KEY] = imports_stash.stash_upload(
            upload=form.cleaned_data["file"], by=request.user
        )
        return redirect("institutions:import_preview")


class ImportPreviewView(RoleRequiredMixin, View):
    """The dry run: each row to create, update (with the fields that change), skip, or fix."""

    allowed_roles = COMMISSION
    template_name = "institutions/imports/import_preview.html"

    def get(self, request):
        pending = _pending(request)
        if not pending:
            messages.info(request, IMPORT_NOTHING_PENDING)
            return redirect("institutions:import")
        try:
            data = imports_stash.load_stash(pending)
            plan = imports_plan.plan_import(
                rows=imports_readers.read_table(data=data, file_name=pending["file_name"]), by=request.user
            )
        except ValidationError as exc:
            _forget(request)
            for message in exc.messages:
                messages.error(request, message)
            return redirect("institutions:import")
        return render(
            request,
            self.template_name,
            {
                "pending": pending,
                "plan": plan,
                "counts": plan.counts,
                "errors": plan.by_action(imports_plan.ERROR),
                "creates": plan.by_action(imports_plan.CREATE),
                "updates": plan.by_action(imports_plan.UPDATE),
                "skips": plan.by_action(imports_plan.SKIP),
                "warned": [row for row in plan.rows if row.warnings and row.action != imports_plan.ERROR],
                "confirm_form": ConfirmImportForm(initial={"sha256": pending["sha256"]}),
            },
        )


class ImportConfirmView(RoleRequiredMixin, View):
    """Run the previewed import, all-or-nothing."""

    allowed_roles = COMMISSION

    def post(self, request):
        pending = _pending(request)
        if not pending:
            messages.info(request, IMPORT_NOTHING_PENDING)
            return redirect("institutions:import")
        form = ConfirmImportForm(request.POST)
        if not form.is_valid() or form.cleaned_data["sha256"] != pending["sha256"]:
            messages.error(request, IMPORT_PREVIEW_STALE)
            return redirect("institutions:import_preview")
        try:
            data = imports_stash.load_stash(pending)
            record = imports_services.run_import(data=data, file_name=pending["file_name"], by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("institutions:import_preview")
        _forget(request)
        messages.success(
            request,
            IMPORT_DONE
            % {
                "file": record.file_name,
                "created": record.created,
                "updated": record.updated,
                "skipped": record.skipped,
            },
        )
        return redirect("institutions:import")


class ImportCancelView(RoleRequiredMixin, View):
    """Throw the waiting upload away."""

    allowed_roles = COMMISSION

    def post(self, request):
        if _pending(request):
            _forget(request)
            messages.info(request, IMPORT_CANCELLED)
        return redirect("institutions:import")
