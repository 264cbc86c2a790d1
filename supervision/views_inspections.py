"""Inspections, rectifications (整改台账), checklists and the inspection plan.

Views parse input, call a service, and redirect with a message. Every object is looked up through
`for_user()`, so anything outside the user's scope is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import REVIEWER_ROLES, STAFF_ROLES, RoleRequiredMixin
from institutions.models import Institution

from . import selectors_inspections as selectors
from . import services_inspections as services
from .choices import InspectionStatus, MemberDepartment, Outcome, RectificationAction, RectificationStatus
from .forms_inspections import (
    EVIDENCE_ACCEPT,
    SCOPE_CATEGORY,
    SCOPE_INSTITUTION,
    SEND_BACK,
    VERIFY,
    ChecklistItemForm,
    CoverageFilterForm,
    FrequencyForm,
    InspectionCreateForm,
    InspectionDraftForm,
    InspectionFilter,
    PublishChecklistForm,
    RectificationAnswerForm,
    RectificationDecisionForm,
    RectificationFilter,
    upload_help,
)
from .models import ChecklistItem, ChecklistTemplate, Inspection, InspectionFrequency, Rectification

# The three big buttons of each item: short words that fit three abreast on a phone.
OUTCOME_BUTTONS = (
    (Outcome.COMPLIANT, _("Compliant"), Outcome.COMPLIANT.label, "success"),
    (Outcome.NON_COMPLIANT, _("Non-compliant"), Outcome.NON_COMPLIANT.label, "danger"),
    (Outcome.NOT_APPLICABLE, _("N/A"), Outcome.NOT_APPLICABLE.label, "secondary"),
)
READER_ROLES = (Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT)
OFFICIAL_ONLY = (Role.OFFICIAL,)
OPERATOR_ONLY = (Role.OPERATOR,)
COMMISSION_ONLY = (Role.COMMISSION,)

INSPECTION_CREATED = _("Inspection of %(institution)s started. Record each item; you can save and finish later.")
DRAFT_SAVED = _("Draft saved: %(answered)s of %(total)s items answered.")
DRAFT_NOT_SAVED = _("Nothing was saved: check the fields marked below.")
PHOTO_REFUSED = _("Photo “%(name)s” for “%(item)s” was not attached: %(reason)s")
PHOTOS_ADDED = _("%(count)s photo(s) attached.")
PHOTO_DELETED = _("The photo was removed.")
INSPECTION_FINISHED = {
    "compliant": _("Inspection finished: no problems found. The operator has been told."),
    "rectify": _("Inspection finished: %(count)s rectification(s) ordered. The operator has been told."),
}
INSPECTION_READ_ONLY = _("This inspection is finished and locked; it is shown read-only.")
ANSWER_SENT = _("Your answer was sent to %(jurisdiction)s for verification.")
DECISION_DONE = {
    VERIFY: _("Rectification verified and closed."),
    SEND_BACK: _("Rectification sent back to the operator."),
}
DECISION_UNREADABLE = _("Your decision could not be read; nothing was saved. Please try again.")
CHECKLIST_DRAFT_OPENED = _("Draft version %(version)s: change its items, then publish it.")
CHECKLIST_ITEM_ADDED = _("Item added.")
CHECKLIST_ITEM_SAVED = _("Item saved.")
CHECKLIST_ITEM_DELETED = _("Item deleted.")
CHECKLIST_PUBLISHED = _(
    "Version %(version)s is now the current checklist; new inspections use it. Earlier inspections keep theirs."
)
CHECKLIST_DISCARDED = _("The draft version was discarded.")
FREQUENCY_SAVED = _("Inspection frequency saved.")
FREQUENCY_DELETED = _("The frequency was removed; the more general rule applies again.")
FREQUENCY_NOT_SAVED = _("The frequency was not saved: %(errors)s")


def _error_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _department_labels(values) -> list[str]:
    labels = dict(MemberDepartment.choices)
    return [str(labels.get(v, v)) for v in values]


def _inspection_for(request, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.for_user(request.user).select_related(
            "institution__jurisdiction", "template", "created_by", "complaint"
        ),
        pk=pk,
    )


# --- Inspections ----------------------------------------------------------------------------------------


class InspectionListView(RoleRequiredMixin, TemplateView):
    """Inspections of the user's scope (operators: the finished ones of their institutions)."""

    allowed_roles = READER_ROLES
    template_name = "supervision/inspections/inspection_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        filterset = InspectionFilter(self.request.GET or None, queryset=selectors.inspection_list(user=user), user=user)
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        ctx.update(
            filter=filterset,
            page_obj=page,
            inspections=page.object_list,
            query=_query(self.request),
            can_create=user.role == Role.OFFICIAL,
        )
        return ctx


class InspectionCreateView(RoleRequiredMixin, View):
    """An official starts an inspection of an institution of their jurisdiction."""

    allowed_roles = OFFICIAL_ONLY
    template_name = "supervision/inspections/inspection_create.html"

    def render_form(self, request, form, complaint=None):
        return render(request, self.template_name, {"form": form, "complaint": complaint})

    @staticmethod
    def prompting_complaint(request):
        """The complaint this inspection follows from (?complaint=<id>), if the official may see it."""
        from .models import Complaint

        value = request.POST.get("complaint") or request.GET.get("complaint") or ""
        if not value.isdigit():
            return None
        return get_object_or_404(Complaint.objects.for_user(request.user), pk=value)

    def get(self, request):
        initial = {}
        institution = request.GET.get("institution", "")
        if institution.isdigit():
            initial["institution"] = institution
        complaint = self.prompting_complaint(request)
        if complaint is not None and complaint.institution_id:
            initial["institution"] = complaint.institution_id
        form = InspectionCreateForm(user=request.user, initial=initial)
        return self.render_form(request, form, complaint)

    def post(self, request):
        complaint = self.prompting_complaint(request)
        form = InspectionCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inspection = services.create_inspection(
                    institution=data["institution"],
                    by=request.user,
                    mode=data["mode"],
                    kind=data["kind"],
                    departments=data["departments"],
                    inspected_on=data["inspected_on"],
                    inspectors=data["inspectors"],
                    complaint=complaint,
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, INSPECTION_CREATED % {"institution": inspection.institution.name})
                return redirect("supervision:inspection_edit", inspection.pk)
        return self.render_form(request, form, complaint)


class InspectionDetailView(RoleRequiredMixin, TemplateView):
    """One inspection, read-only: header, result and every item with its note, photos and rectification."""

    allowed_roles = READER_ROLES
    template_name = "supervision/inspections/inspection_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inspection = _inspection_for(self.request, kwargs["pk"])
        checks = selectors.inspection_checks(inspection)
        complaint_visible = bool(inspection.complaint_id and self.request.user.role in (Role.OFFICIAL, Role.COMMISSION))
        ctx.update(
            inspection=inspection,
            institution=inspection.institution,
            groups=selectors.checks_by_category(checks),
            problems=[c for c in checks if c.outcome == Outcome.NON_COMPLIANT],
            counts=selectors.outcome_counts(checks),
            departments=_department_labels(inspection.departments),
            can_edit=services.can_edit_inspection(self.request.user, inspection),
            complaint_visible=complaint_visible,
            history=inspection.history.select_related("history_user").order_by("-history_date")[:20],
        )
        return ctx


class InspectionEditView(RoleRequiredMixin, View):
    """The form used on site, on a phone: items by category, outcome buttons, notes, photos; save or finish."""

    allowed_roles = OFFICIAL_ONLY
    template_name = "supervision/inspections/inspection_form.html"

    def _editable(self, request, pk) -> Inspection | None:
        inspection = _inspection_for(request, pk)
        if not services.can_edit_inspection(request.user, inspection):
            if inspection.status == InspectionStatus.FINISHED:
                messages.info(request, INSPECTION_READ_ONLY)
            else:
                messages.error(request, services.INSPECTION_NOT_YOURS)
            return None
        return inspection

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
        inspection = self._editable(request, pk)
        if inspection is None:
            return redirect("supervision:inspection_detail", pk)
        checks = selectors.inspection_checks(inspection)
        form = InspectionDraftForm(initial=self._initial(inspection), checks=checks)
        return self.render_form(request, inspection, form, checks)

    def post(self, request, pk):
        inspection = self._editable(request, pk)
        if inspection is None:
            return redirect("supervision:inspection_detail", pk)
        checks = selectors.inspection_checks(inspection)
        form = InspectionDraftForm(request.POST, initial=self._initial(inspection), checks=checks)
        if not form.is_valid():
            messages.error(request, DRAFT_NOT_SAVED)
            return self.render_form(request, inspection, form, checks)
        try:
            services.update_inspection(inspection=inspection, by=request.user, answers=form.answers(), **form.header())
        except ValidationError as exc:
            _add_service_errors(form, exc)
            messages.error(request, DRAFT_NOT_SAVED)
            return self.render_form(request, inspection, form, checks)
        self._attach_photos(request, checks)
        edit_url = reverse("supervision:inspection_edit", args=[inspection.pk])
        if request.POST.get("action") == "finish":
            try:
                services.finish_inspection(inspection=inspection, by=request.user)
            except ValidationError as exc:
                _error_messages(request, exc)
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


class InspectionPhotoDeleteView(RoleRequiredMixin, View):
    """Remove a wrong photo from a draft inspection."""

    allowed_roles = OFFICIAL_ONLY

    def post(self, request, pk):
        photo = get_object_or_404(
            selectors.evidence_for_user(request.user)
            .filter(item_check__isnull=False)
            .select_related("item_check__inspection__institution"),
            pk=pk,
        )
        inspection = photo.item_check.inspection
        try:
            services.delete_inspection_photo(photo=photo, by=request.user)
        except ValidationError as exc:
            _error_messages(request, exc)
            return redirect("supervision:inspection_detail", inspection.pk)
        messages.success(request, PHOTO_DELETED)
        return redirect("supervision:inspection_edit", inspection.pk)


# --- Evidence files -------------------------------------------------------------------------------------


def _evidence_response(request, pk: int, *, inline: bool) -> FileResponse:
    evidence = get_object_or_404(selectors.evidence_for_user(request.user), pk=pk)
    if inline and evidence.extension not in ("png", "jpg"):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=evidence.original_name or f"evidence-{evidence.pk}.{evidence.extension}",
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


class EvidenceDownloadView(RoleRequiredMixin, View):
    """A photo or scan as an attachment, for anyone who may see its inspection or rectification."""

    allowed_roles = READER_ROLES

    def get(self, request, pk):
        return _evidence_response(request, pk, inline=False)


class EvidencePreviewView(RoleRequiredMixin, View):
    """A photo inline, for thumbnails; only sniffed PNG/JPEG are ever sent this way."""

    allowed_roles = READER_ROLES

    def get(self, request, pk):
        return _evidence_response(request, pk, inline=True)


# --- Rectifications -------------------------------------------------------------------------------------


class RectificationLedgerView(RoleRequiredMixin, TemplateView):
    """整改台账: the rectifications of the user's scope, filtered, overdue ones highlighted."""

    allowed_roles = READER_ROLES
    template_name = "supervision/rectifications/ledger.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        filterset = RectificationFilter(
            self.request.GET or None, queryset=selectors.rectification_ledger(user=user), user=user, today=today
        )
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        ctx.update(
            filter=filterset,
            page_obj=page,
            rectifications=selectors.mark_overdue(page.object_list, today),
            counts=selectors.ledger_counts(filterset.qs, today),
            query=_query(self.request),
            today=today,
            show_jurisdiction=user.role in (Role.COMMISSION, Role.DEPARTMENT),
        )
        return ctx


class InstitutionLedgerView(RoleRequiredMixin, TemplateView):
    """One institution's supervision record: coverage, inspections and rectifications."""

    allowed_roles = READER_ROLES
    template_name = "supervision/rectifications/institution_ledger.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        institution = get_object_or_404(
            Institution.objects.for_user(user).select_related("jurisdiction"), pk=kwargs["pk"]
        )
        rectifications = selectors.rectification_ledger(user=user).filter(institution=institution)
        filterset = RectificationFilter(self.request.GET or None, queryset=rectifications, user=user, today=today)
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        planned = selectors.coverage(user=user, today=today, institution=institution)
        ctx.update(
            institution=institution,
            inspections=selectors.inspection_list(user=user).filter(institution=institution)[:50],
            filter=filterset,
            page_obj=page,
            rectifications=selectors.mark_overdue(page.object_list, today),
            counts=selectors.ledger_counts(rectifications, today),
            plan=planned[0] if planned else None,
            query=_query(self.request),
            can_inspect=services.can_inspect(user, institution),
            today=today,
        )
        return ctx


def _rectification_for(request, pk: int) -> Rectification:
    return get_object_or_404(
        Rectification.objects.for_user(request.user).select_related(
            "institution__jurisdiction", "item_check__item", "item_check__inspection"
        ),
        pk=pk,
    )


EVENT_LABELS = {
    "open": _("Rectification ordered"),
    **{action.value: action.label for action in RectificationAction},
}


def rectification_context(request, rectification: Rectification, answer_form=None, decision_form=None) -> dict:
    user = request.user
    today = timezone.localdate()
    events = list(rectification.events.select_related("by"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
    can_answer = services.can_answer_rectification(user, rectification)
    can_verify = services.can_verify_rectification(user, rectification)
    initial = {"version": rectification.version}
    return {
        "rectification": rectification,
        "institution": rectification.institution,
        "check": rectification.item_check,
        "inspection": rectification.item_check.inspection,
        "photos": list(rectification.item_check.photos.all()),
        "evidence": list(rectification.evidence.select_related("uploaded_by")),
        "events": events,
        "overdue": rectification.is_overdue(today),
        "days_overdue": (today - rectification.deadline).days,
        "can_answer": can_answer,
        "can_verify": can_verify,
        "answer_form": answer_form or (RectificationAnswerForm(initial=initial) if can_answer else None),
        "decision_form": decision_form or (RectificationDecisionForm(initial=initial) if can_verify else None),
        "accept": EVIDENCE_ACCEPT,
        "upload_help": upload_help(),
        "statuses": RectificationStatus,
    }


class RectificationDetailView(RoleRequiredMixin, TemplateView):
    """One rectification: the problem, photos, deadline, the operator's answer and evidence, history."""

    allowed_roles = READER_ROLES
    template_name = "supervision/rectifications/rectification_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(rectification_context(self.request, _rectification_for(self.request, kwargs["pk"])))
        return ctx


class RectificationAnswerView(RoleRequiredMixin, View):
    """The operator answers with what was done and evidence files."""

    allowed_roles = OPERATOR_ONLY
    template_name = "supervision/rectifications/rectification_detail.html"

    def post(self, request, pk):
        rectification = _rectification_for(request, pk)
        form = RectificationAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_rectification(
                    rectification=rectification,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    response=form.cleaned_data["response"],
                    uploads=request.FILES.getlist("files"),
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, ANSWER_SENT % {"jurisdiction": rectification.institution.jurisdiction.name})
                return redirect(rectification)
        return render(request, self.template_name, rectification_context(request, rectification, answer_form=form))


class RectificationDecideView(RoleRequiredMixin, View):
    """The official verifies (closed) or sends back (open again) an answered rectification."""

    allowed_roles = OFFICIAL_ONLY
    template_name = "supervision/rectifications/rectification_detail.html"

    def post(self, request, pk):
        rectification = _rectification_for(request, pk)
        form = RectificationDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, DECISION_UNREADABLE)
            return redirect(rectification)
        data = form.cleaned_data
        try:
            if data["action"] == VERIFY:
                services.verify_rectification(
                    rectification=rectification, by=request.user, version=data["version"], note=data["note"]
                )
            else:
                services.send_back_rectification(
                    rectification=rectification,
                    by=request.user,
                    version=data["version"],
                    note=data["note"],
                    deadline=data["deadline"],
                )
        except ValidationError as exc:
            _error_messages(request, exc)
            return redirect(rectification)
        messages.success(request, DECISION_DONE[data["action"]])
        return redirect(rectification)


# --- Coverage and the inspection plan ------------------------------------------------------------------


class CoverageView(RoleRequiredMixin, TemplateView):
    """Which filed institutions are due or overdue for inspection."""

    allowed_roles = REVIEWER_ROLES
    template_name = "supervision/inspections/coverage.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        form = CoverageFilterForm(self.request.GET or None, user=user)
        data = form.cleaned_data if form.is_valid() else {}
        jurisdiction = data.get("jurisdiction") if user.role != Role.OFFICIAL else None
        everything = selectors.coverage(user=user, today=today, jurisdiction=jurisdiction)
        counts = selectors.coverage_counts(everything)
        flag = data.get("flag") or ""
        rows = [r for r in everything if r.coverage_flag == flag] if flag else everything
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        ctx.update(
            form=form,
            page_obj=page,
            rows=page.object_list,
            counts=counts,
            total=len(everything),
            query=_query(self.request),
            today=today,
            year=today.year,
            can_inspect=user.role == Role.OFFICIAL,
        )
        return ctx


class InspectionPlanView(RoleRequiredMixin, View):
    """The commission sets how often institutions must be inspected."""

    allowed_roles = COMMISSION_ONLY
    template_name = "supervision/inspections/plan.html"

    def render_page(self, request, form=None):
        table = selectors.frequency_table()
        return render(
            request,
            self.template_name,
            {
                **table,
                "form": form
                or FrequencyForm(
                    user=request.user,
                    initial={
                        "scope": SCOPE_INSTITUTION,
                        "per_year": table["default"].per_year if table["default"] else 2,
                    },
                ),
                "per_year_choices": services.FREQUENCY_CHOICES,
            },
        )

    def get(self, request):
        return self.render_page(request)

    def post(self, request):
        form = FrequencyForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_inspection_frequency(
                    by=request.user,
                    per_year=data["per_year"],
                    category=data["category"] if data["scope"] == SCOPE_CATEGORY else "",
                    institution=data["institution"] if data["scope"] == SCOPE_INSTITUTION else None,
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, FREQUENCY_SAVED)
                return redirect("supervision:inspection_plan")
        messages.error(request, FREQUENCY_NOT_SAVED % {"errors": " ".join(_form_errors(form))})
        return self.render_page(request, form)


def _form_errors(form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


class InspectionPlanDeleteView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY

    def post(self, request, pk):
        frequency = get_object_or_404(InspectionFrequency, pk=pk)
        try:
            services.delete_inspection_frequency(frequency=frequency, by=request.user)
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(request, FREQUENCY_DELETED)
        return redirect("supervision:inspection_plan")


# --- Checklists -----------------------------------------------------------------------------------------


class ChecklistListView(RoleRequiredMixin, TemplateView):
    """Every checklist version: the current one, a draft being prepared, and earlier ones kept for old inspections."""

    allowed_roles = STAFF_ROLES
    template_name = "supervision/checklists/checklist_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            templates=selectors.checklist_versions(),
            can_configure=services.can_configure_checklists(self.request.user),
        )
        return ctx


def _checklist_context(request, template: ChecklistTemplate, item_form=None, publish_form=None) -> dict:
    draft = services.is_draft(template)
    can_edit = draft and services.can_configure_checklists(request.user)
    items = list(template.items.all())
    return {
        "template": template,
        "groups": selectors.items_by_category(items),
        "item_count": len(items),
        "is_draft": draft,
        "can_edit": can_edit,
        "can_start_version": template.is_current and services.can_configure_checklists(request.user),
        "item_form": item_form or (ChecklistItemForm(initial={"position": 0}) if can_edit else None),
        "publish_form": publish_form or (PublishChecklistForm(initial={"notes": template.notes}) if can_edit else None),
        "inspection_count": template.inspection_set.count(),
    }


class ChecklistDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = STAFF_ROLES
    template_name = "supervision/checklists/checklist_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(_checklist_context(self.request, get_object_or_404(ChecklistTemplate, pk=kwargs["pk"])))
        return ctx


class ChecklistNewVersionView(RoleRequiredMixin, View):
    """Copy the current version into a new draft (or open the draft already started)."""

    allowed_roles = COMMISSION_ONLY

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        draft = services.start_checklist_version(template=template, by=request.user)
        messages.success(request, CHECKLIST_DRAFT_OPENED % {"version": draft.version})
        return redirect("supervision:checklist_detail", draft.pk)


class ChecklistItemAddView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY
    template_name = "supervision/checklists/checklist_detail.html"

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        form = ChecklistItemForm(request.POST)
        if form.is_valid():
            try:
                services.add_checklist_item(template=template, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, CHECKLIST_ITEM_ADDED)
                return redirect("supervision:checklist_detail", template.pk)
        return render(request, self.template_name, _checklist_context(request, template, item_form=form))


class ChecklistItemEditView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY
    template_name = "supervision/checklists/checklist_item_form.html"

    def _item(self, pk) -> ChecklistItem:
        return get_object_or_404(ChecklistItem.objects.select_related("template"), pk=pk)

    def get(self, request, pk):
        item = self._item(pk)
        if not services.is_draft(item.template):
            messages.error(request, services.CHECKLIST_NOT_DRAFT)
            return redirect("supervision:checklist_detail", item.template_id)
        return render(request, self.template_name, {"item": item, "form": ChecklistItemForm(instance=item)})

    def post(self, request, pk):
        item = self._item(pk)
        scratch = ChecklistItem.objects.get(pk=item.pk)
        form = ChecklistItemForm(request.POST, instance=scratch)
        if form.is_valid():
            try:
                services.update_checklist_item(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, CHECKLIST_ITEM_SAVED)
                return redirect("supervision:checklist_detail", item.template_id)
        return render(request, self.template_name, {"item": item, "form": form})


class ChecklistItemDeleteView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY

    def post(self, request, pk):
        item = get_object_or_404(ChecklistItem.objects.select_related("template"), pk=pk)
        try:
            services.delete_checklist_item(item=item, by=request.user)
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(request, CHECKLIST_ITEM_DELETED)
        return redirect("supervision:checklist_detail", item.template_id)


class ChecklistPublishView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        form = PublishChecklistForm(request.POST)
        notes = form.cleaned_data["notes"] if form.is_valid() else ""
        try:
            services.publish_checklist(template=template, by=request.user, notes=notes)
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(request, CHECKLIST_PUBLISHED % {"version": template.version})
        return redirect("supervision:checklist_detail", template.pk)


class ChecklistDiscardView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        try:
            services.discard_checklist_draft(template=template, by=request.user)
        except ValidationError as exc:
            _error_messages(request, exc)
            return redirect("supervision:checklist_detail", template.pk)
        messages.success(request, CHECKLIST_DISCARDED)
        return redirect("supervision:checklist_list")
