"""Inspections: the list of the user's scope, starting one, the on-site form (items, photos, finish), one inspection.

Views parse input, call a service, and redirect with a message. Every object is looked up through
`for_user()`, so anything outside the user's scope is a 404."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import OFFICIAL_ONLY, PORTAL_ROLES, RoleRequiredMixin
from baodi_care.core.files import StoredFileView
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import (
    FORM_NOT_SAVED,
    ScopedObjectMixin,
    ServiceActionView,
    ServiceFormView,
    add_service_errors,
    error_messages,
)
from supervision import permissions
from supervision.choices import InspectionStatus, MemberDepartment, Outcome
from supervision.inspections import selectors, services
from supervision.inspections.filters import InspectionFilter
from supervision.inspections.forms import EVIDENCE_ACCEPT, InspectionCreateForm, InspectionDraftForm, upload_help
from supervision.models import Complaint, EvidenceFile, Inspection, Rectification

# The three big buttons of each item: short words that fit three abreast on a phone.
OUTCOME_BUTTONS = (
    (Outcome.COMPLIANT, _("Compliant"), Outcome.COMPLIANT.label, "success"),
    (Outcome.NON_COMPLIANT, _("Non-compliant"), Outcome.NON_COMPLIANT.label, "danger"),
    (Outcome.NOT_APPLICABLE, _("N/A"), Outcome.NOT_APPLICABLE.label, "secondary"),
)

INSPECTION_CREATED = _("Inspection of %(institution)s started. Record each item; you can save and finish later.")
DRAFT_SAVED = _("Draft saved: %(answered)s of %(total)s items answered.")
PHOTO_REFUSED = _("Photo “%(name)s” for “%(item)s” was not attached: %(reason)s")
PHOTOS_ADDED = _("%(count)s photo(s) attached.")
PHOTO_DELETED = _("The photo was removed.")
INSPECTION_FINISHED = {
    "compliant": _("Inspection finished: no problems found. The operator has been told."),
    "rectify": _("Inspection finished: %(count)s rectification(s) ordered. The operator has been told."),
}
INSPECTION_READ_ONLY = _("This inspection is finished and locked; it is shown read-only.")


def _department_labels(values) -> list[str]:
    labels = dict(MemberDepartment.choices)
    return [str(labels.get(v, v)) for v in values]


class InspectionMixin(ScopedObjectMixin):
    model = Inspection
    related = ("institution__jurisdiction", "template", "created_by", "complaint")


class InspectionListView(RoleRequiredMixin, ListPageView):
    """Inspections of the user's scope (operators: the finished ones of their institutions)."""

    allowed_roles = PORTAL_ROLES
    template_name = "supervision/inspections/inspection_list.html"
    title = _("Inspections")
    filterset_class = InspectionFilter
    selector = selectors.inspection_list

    def get_hidden_filters(self):
        # Operators and member departments see finished inspections only: a status filter would offer them nothing.
        hidden = super().get_hidden_filters()
        return hidden | {"status"} if self.request.user.role in (Role.OPERATOR, Role.DEPARTMENT) else hidden

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = self.request.user.role == Role.OFFICIAL
        return ctx


class InspectionCreateView(RoleRequiredMixin, ServiceFormView):
    """An official starts an inspection of an institution of their jurisdiction."""

    allowed_roles = OFFICIAL_ONLY
    template_name = "supervision/inspections/inspection_create.html"
    form_class = InspectionCreateForm

    @cached_property
    def complaint(self) -> Complaint | None:
        """The complaint this inspection follows from (?complaint=<id>), if the official may see it."""
        value = self.request.POST.get("complaint") or self.request.GET.get("complaint") or ""
        if not value.isdigit():
            return None
        return get_object_or_404(Complaint.objects.for_user(self.request.user), pk=value)

    def get_initial(self):
        initial = {}
        institution = self.request.GET.get("institution", "")
        if institution.isdigit():
            initial["institution"] = institution
        if self.complaint is not None and self.complaint.institution_id:
            initial["institution"] = self.complaint.institution_id
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = form.cleaned_data
        return services.create_inspection(
            institution=data["institution"],
            by=self.request.user,
            mode=data["mode"],
            kind=data["kind"],
            departments=data["departments"],
            inspected_on=data["inspected_on"],
            inspectors=data["inspectors"],
            complaint=self.complaint,
        )

    def get_success_message(self) -> str:
        return INSPECTION_CREATED % {"institution": self.result.institution.name}

    def get_success_url(self) -> str:
        return reverse("supervision:inspection_edit", args=[self.result.pk])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "complaint": self.complaint}


class InspectionDetailView(RoleRequiredMixin, InspectionMixin, TemplateView):
    """One inspection, read-only: header, result and every item with its note, photos and rectification."""

    allowed_roles = PORTAL_ROLES
    template_name = "supervision/inspections/inspection_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inspection = self.object
        checks = selectors.inspection_checks(inspection)
        user = self.request.user
        complaint_visible = bool(inspection.complaint_id and user.role in (Role.OFFICIAL, Role.COMMISSION))
        ctx.update(
            inspection=inspection,
            institution=inspection.institution,
            groups=selectors.checks_by_category(checks),
            problems=[c for c in checks if c.outcome == Outcome.NON_COMPLIANT],
            counts=selectors.outcome_counts(checks),
            departments=_department_labels(inspection.departments),
            can_edit=permissions.can_edit_inspection(user, inspection),
            complaint_visible=complaint_visible,
            # A member department sees that a rectification was ordered, not its answers (nor the ledgers).
            record_visible=permissions.can_read_record(user),
            history=inspection.history.select_related("history_user").order_by("-history_date")[:20],
        )
        return ctx


class InspectionEditView(RoleRequiredMixin, InspectionMixin, View):
    """The form used on site, on a phone: items by category, outcome buttons, notes, photos; save or finish."""

    allowed_roles = OFFICIAL_ONLY
    template_name = "supervision/inspections/inspection_form.html"

    def refuse(self):
        """None, or the way back to the read-only page for an inspection the user may not (or no longer) edit."""
        inspection = self.object
        if permissions.can_edit_inspection(self.request.user, inspection):
            return None
        if inspection.status == InspectionStatus.FINISHED:
            messages.info(self.request, INSPECTION_READ_ONLY)
        else:
            messages.error(self.request, services.INSPECTION_NOT_YOURS)
        return redirect(inspection)

    def _initial(self, inspection: Inspection) -> dict:
        return {
            "mode": inspection.mode,
            "kind": inspection.kind,
            "departments": inspection.departments,
            "inspected_on": inspection.inspected_on,
            "inspectors": inspection.inspectors,
            "summary": inspection.summary,
        }

    def render_form(self, request, inspection, form, checks):
        # Each item carries its own bound fields, so the template shows them beside the item.
        for check in checks:
            check.outcome_field = form[f"outcome_{check.pk}"]
            check.note_field = form[f"note_{check.pk}"]
            check.shown_outcome = check.outcome_field.value() or ""
        groups = selectors.checks_by_category(checks)
        # On a phone one category at a time: the first with open items, and any the page has errors in.
        first_open = next((g["category"] for g in groups if g["answered"] < g["total"]), None)
        for group in groups:
            has_errors = any(c.outcome_field.errors or c.note_field.errors for c in group["checks"])
            group["open"] = group["category"] == first_open or has_errors
            group["answered_shown"] = sum(1 for c in group["checks"] if c.shown_outcome)
        return render(
            request,
            self.template_name,
            {
                "inspection": inspection,
                "institution": inspection.institution,
                "form": form,
                "groups": groups,
                "counts": selectors.outcome_counts(checks),
                "answered": sum(g["answered_shown"] for g in groups),
                "outcome_buttons": OUTCOME_BUTTONS,
                "accept": EVIDENCE_ACCEPT,
                "upload_help": upload_help(),
                "header_fields": [form[n] for n in ("mode", "kind", "departments", "inspected_on", "inspectors")],
            },
        )

    def get(self, request, pk):
        refused = self.refuse()
        if refused:
            return refused
        inspection = self.object
        checks = selectors.inspection_checks(inspection)
        form = InspectionDraftForm(initial=self._initial(inspection), checks=checks)
        return self.render_form(request, inspection, form, checks)

    def post(self, request, pk):
        refused = self.refuse()
        if refused:
            return refused
        inspection = self.object
        checks = selectors.inspection_checks(inspection)
        form = InspectionDraftForm(request.POST, initial=self._initial(inspection), checks=checks)
        if not form.is_valid():
            messages.error(request, FORM_NOT_SAVED)
            return self.render_form(request, inspection, form, checks)
        try:
            services.update_inspection(inspection=inspection, by=request.user, answers=form.answers(), **form.header())
        except ValidationError as exc:
            add_service_errors(form, exc)
            messages.error(request, FORM_NOT_SAVED)
            return self.render_form(request, inspection, form, checks)
        self._attach_photos(request, checks)
        edit_url = reverse("supervision:inspection_edit", args=[inspection.pk])
        if request.POST.get("action") == "finish":
            try:
                services.finish_inspection(inspection=inspection, by=request.user)
            except ValidationError as exc:
                error_messages(request, exc)
                return redirect(edit_url)
            problems = Rectification.objects.filter(item_check__inspection=inspection).count()
            messages.success(request, INSPECTION_FINISHED[inspection.result] % {"count": problems})
            return redirect("supervision:inspection_detail", inspection.pk)
        counts = selectors.outcome_counts(inspection.checks.all())
        messages.success(
            request, DRAFT_SAVED % {"answered": counts["total"] - counts["open"], "total": counts["total"]}
        )
        return redirect(edit_url)

    def _attach_photos(self, request, checks) -> None:
        added = 0
        for check in checks:
            for upload in request.FILES.getlist(f"photos_{check.pk}"):
                try:
                    services.add_inspection_photo(check=check, by=request.user, upload=upload)
                except ValidationError as exc:
                    messages.error(
                        request,
                        PHOTO_REFUSED
                        % {"name": upload.name, "item": str(check.item)[:40], "reason": " ".join(exc.messages)},
                    )
                else:
                    added += 1
        if added:
            messages.success(request, PHOTOS_ADDED % {"count": added})


class InspectionPhotoDeleteView(RoleRequiredMixin, ServiceActionView):
    """Remove a wrong photo from a draft inspection."""

    allowed_roles = OFFICIAL_ONLY
    model = EvidenceFile
    success_message = PHOTO_DELETED

    def get_object_queryset(self):
        photos = selectors.evidence_for_user(self.request.user).filter(item_check__isnull=False)
        return photos.select_related("item_check__inspection__institution")

    def get_object_url(self) -> str:
        return self.object.item_check.inspection.get_absolute_url()

    def perform(self):
        return services.delete_inspection_photo(photo=self.object, by=self.request.user)

    def get_success_url(self, result) -> str:
        return reverse("supervision:inspection_edit", args=[self.object.item_check.inspection_id])


class EvidenceDownloadView(StoredFileView):
    """A photo or scan as an attachment, for anyone who may see its inspection or rectification."""

    allowed_roles = PORTAL_ROLES

    def get_queryset(self):
        return selectors.evidence_for_user(self.request.user)


class EvidencePreviewView(EvidenceDownloadView):
    """A photo inline, for thumbnails; only sniffed PNG/JPEG are ever sent this way."""

    inline = True
    preview_kinds = ("png", "jpg")
