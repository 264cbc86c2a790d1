"""The register, and the operator's side of registration and filing.

Views parse input, call one service, and redirect with a message. Every object is looked up through
`for_user()`, so anything outside the user's scope is a 404."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import OPERATOR_ONLY, STAFF_ROLES, RoleRequiredMixin
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import add_service_errors, error_messages
from institutions import choices as institutions_choices
from institutions.choices import (
    OPEN_FILING_STATUSES,
    REGISTRATION_AUTHORITY,
    FilingKind,
)
from institutions.filings import selectors as filings_selectors
from institutions.filings.selectors import described_findings
from institutions.models import Filing, Institution
from institutions.permissions import FILING_ROLES, can_edit_institution, is_member
from institutions.register import services as register_services
from institutions.register.filters import InstitutionFilter
from institutions.register.forms import ClassFormSet, InstitutionForm, StaffFormSet
from institutions.register.selectors import institution_list


class InstitutionListView(RoleRequiredMixin, ListPageView):
    """The register of the user's scope, for officials, the commission and member departments."""

    allowed_roles = STAFF_ROLES
    template_name = "institutions/register/list.html"
    title = gettext_lazy("Institution register")
    filterset_class = InstitutionFilter
    context_object_name = "institutions"

    def get_queryset(self):
        return institution_list(user=self.request.user)


class InstitutionDetailView(TemplateView):
    """One institution, for anyone whose scope includes it (404 otherwise)."""

    template_name = "institutions/register/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        institution = get_object_or_404(
            Institution.objects.for_user(user).select_related("jurisdiction"), pk=kwargs["pk"]
        )
        today = timezone.localdate()
        classes = list(institution.classes.all())
        staff = list(institution.staff.select_related("class_group"))
        for member in staff:
            member.qualification_expired = bool(member.qualification_expiry and member.qualification_expiry < today)
            member.health_expired = bool(member.health_certificate_expiry and member.health_certificate_expiry < today)
        filings = (
            list(Filing.objects.for_user(user).filter(institution=institution).order_by("-created_at", "-pk"))
            if user.role in FILING_ROLES
            else []
        )
        member = is_member(user, institution)
        can_edit = member and can_edit_institution(user, institution)
        open_filing = next((f for f in filings if f.status in OPEN_FILING_STATUSES), None)
        startable = []
        if member and open_filing is None:
            startable = [kind for kind in FilingKind if institution.status in institutions_choices.ALLOWED_KINDS[kind]]
        ctx.update(
            institution=institution,
            classes=classes,
            total_seats=sum(c.seats for c in classes),
            staff=staff,
            filings=filings,
            open_filing=open_filing,
            startable_kinds=startable,
            is_member=member,
            can_edit=can_edit,
            needs_setup=can_edit and (not classes or not staff),
            findings=described_findings(filings_selectors.preview_findings(institution, today)),
            history=institution.history.select_related("history_user")[:20],
        )
        return ctx


class InstitutionCreateView(RoleRequiredMixin, View):
    """An operator registers a new institution; its membership is created with it."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/register/form.html"

    def render_form(self, request, form):
        return render(
            request,
            self.template_name,
            {"form": form, "institution": None, "authorities": _authorities_json()},
        )

    def get(self, request):
        return self.render_form(request, InstitutionForm(user=request.user))

    def post(self, request):
        form = InstitutionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                institution = register_services.register_institution(by=request.user, **form.institution_fields())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("“%(name)s” is registered. Next, add its classes and staff, then start the initial filing.")
                    % {"name": institution.name},
                )
                return redirect(institution)
        return self.render_form(request, form)


def _authorities_json() -> str:
    return json.dumps({k: str(v) for k, v in REGISTRATION_AUTHORITY.items()}, ensure_ascii=False)


def _editable_institution(request, pk: int) -> Institution | None:
    """The operator's institution if its data may still change; None (with a message) when closed."""
    institution = get_object_or_404(Institution.objects.for_user(request.user).select_related("jurisdiction"), pk=pk)
    if not can_edit_institution(request.user, institution):
        messages.error(request, register_services.INSTITUTION_CLOSED)
        return None
    return institution


class InstitutionEditView(RoleRequiredMixin, View):
    """The operator corrects or updates the institution's facts."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/register/form.html"

    def render_form(self, request, form, institution):
        return render(
            request,
            self.template_name,
            {"form": form, "institution": institution, "authorities": _authorities_json()},
        )

    def get(self, request, pk):
        institution = _editable_institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        return self.render_form(request, InstitutionForm(instance=institution, user=request.user), institution)

    def post(self, request, pk):
        institution = _editable_institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        # The form checks a scratch copy: the object we save stays untouched until the service sets it.
        scratch = Institution.objects.get(pk=institution.pk)
        form = InstitutionForm(request.POST, instance=scratch, user=request.user)
        if form.is_valid():
            try:
                register_services.update_institution(
                    institution=institution, by=request.user, **form.institution_fields()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The institution's facts have been saved."))
                return redirect(institution)
        return self.render_form(request, form, institution)


class InstitutionRowsView(RoleRequiredMixin, View):
    """Classes or staff of an institution, edited as rows; each row keeps its own history."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/register/rows_form.html"
    formset_class = None
    prefix = ""
    title = ""
    saved_message = ""
    intro = ""

    def render_formset(self, request, formset, institution):
        return render(
            request,
            self.template_name,
            {"formset": formset, "institution": institution, "title": self.title, "intro": self.intro},
        )

    def get(self, request, pk):
        institution = _editable_institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        formset = self.formset_class(instance=institution, prefix=self.prefix)
        return self.render_formset(request, formset, institution)

    def post(self, request, pk):
        institution = _editable_institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        formset = self.formset_class(request.POST, instance=institution, prefix=self.prefix)
        if formset.is_valid():
            try:
                register_services.save_institution_rows(institution=institution, by=request.user, formset=formset)
            except ValidationError as exc:
                error_messages(request, exc)
            else:
                messages.success(request, self.saved_message)
                return redirect(institution)
        return self.render_formset(request, formset, institution)


class ClassesEditView(InstitutionRowsView):
    formset_class = ClassFormSet
    prefix = "classes"
    title = gettext_lazy("Classes and seats")
    intro = gettext_lazy(
        "One row per class. Size caps: infant class 10, toddler class 15, senior toddler class 20, mixed-age "
        "class 18 (设置标准 Art. 19)."
    )
    saved_message = gettext_lazy("The classes have been saved.")


class StaffEditView(InstitutionRowsView):
    formset_class = StaffFormSet
    prefix = "staff"
    title = gettext_lazy("Staff")
    intro = gettext_lazy(
        "One row per person. Assign each caregiver to the class they look after, and record certificates with "
        "their expiry dates (设置标准 Art. 18–21)."
    )
    saved_message = gettext_lazy("The staff list has been saved.")
