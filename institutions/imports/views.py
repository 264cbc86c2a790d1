"""The health commission imports an existing register: upload, dry-run preview, confirm (all-or-nothing).

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
from institutions.imports.forms import IMPORT_PREVIEW_STALE, ConfirmImportForm, RegisterUploadForm
from institutions.imports.plan import CREATE, ERROR, SKIP, UPDATE, plan_import
from institutions.imports.readers import read_table
from institutions.imports.stash import SESSION_KEY, discard_stash, load_stash, stash_upload
from institutions.imports.tasks import start_import_job
from institutions.models import RegisterImport
from institutions.register.columns import REGISTER_COLUMNS

IMPORT_CANCELLED = _("The upload was discarded; nothing was imported.")
IMPORT_NOTHING_PENDING = _("Upload a register file first.")
IMPORT_UPLOAD_INVALID = _("The file was not accepted: see below.")


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


class ImportPreviewView(RoleRequiredMixin, View):
    """The dry run: each row to create, update (with the fields that change), skip, or fix."""

    allowed_roles = COMMISSION_ONLY
    template_name = "institutions/imports/import_preview.html"

    def get(self, request):
        pending = _pending(request)
        if not pending:
            messages.info(request, IMPORT_NOTHING_PENDING)
            return redirect("institutions:import")
        try:
            data = load_stash(pending)
            plan = plan_import(rows=read_table(data=data, file_name=pending["file_name"]), by=request.user)
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
                "errors": plan.by_action(ERROR),
                "creates": plan.by_action(CREATE),
                "updates": plan.by_action(UPDATE),
                "skips": plan.by_action(SKIP),
                "warned": [row for row in plan.rows if row.warnings and row.action != ERROR],
                "confirm_form": ConfirmImportForm(initial={"sha256": pending["sha256"]}),
            },
        )


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
        job = start_import_job(pending=pending, by=request.user)
        return redirect(job)


class ImportCancelView(RoleRequiredMixin, View):
    """Throw the waiting upload away."""

    allowed_roles = COMMISSION_ONLY

    def post(self, request):
        if _pending(request):
            _forget(request)
            messages.info(request, IMPORT_CANCELLED)
        return redirect("institutions:import")
