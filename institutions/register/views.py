"""The register: the list of the user's scope, one institution, and the operator's registration and edits.

Views parse input, call one service, and redirect with a message. Every object is looked up through
`for_user()`, so anything outside the user's scope is a 404."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import OPERATOR_ONLY, REVIEWER_ROLES, STAFF_ROLES, RoleRequiredMixin
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import RefusalMixin, ScopedObjectMixin, ServiceFormView, error_messages
from institutions.choices import ALLOWED_KINDS, OPEN_FILING_STATUSES, REGISTRATION_AUTHORITY, FilingKind
from institutions.designations.forms import ChangeForm
from institutions.designations.selectors import designation_history, designation_states
from institutions.filings.selectors import described_findings, preview_findings
from institutions.members.selectors import institution_history
from institutions.models import Filing, Institution
from institutions.permissions import (
    FILING_ROLES,
    can_apply_for_designation,
    can_edit_institution,
    can_grant_designation,
    is_member,
)
from institutions.register import services
from institutions.register.filters import InstitutionFilter
from institutions.register.forms import ClassFormSet, InstitutionForm, StaffFormSet
from institutions.register.selectors import institution_list, missing_labels


class InstitutionListView(RoleRequiredMixin, ListPageView):
    """The register of the user's scope, for officials, the commission and member departments."""

    allowed_roles = STAFF_ROLES
    template_name = "institutions/register/list.html"
    title = gettext_lazy("Institution register")
    filterset_class = InstitutionFilter
    selector = institution_list


class DutyStatusListView(RoleRequiredMixin, ListPageView):
    """The filed institutions of the user's scope by the state of one of their duties (fee disclosure, monthly
    report): a tab per state, fifty to a page; a subclass names the state's annotation (`tab_field`) and tabs.
    The supervisors' lists: a member department reads the register, not the institutions' duties."""

    allowed_roles = REVIEWER_ROLES
    paginate_by = 50
    tab_param = "state"
    filter_column = "col-6 col-md-4 col-lg-3"


class InstitutionMixin(ScopedObjectMixin):
    """The URL's institution, in the user's scope (the pages of its fees, reports and supervision use it too)."""

    model = Institution
    related = ("jurisdiction",)


class InstitutionDetailView(InstitutionMixin, TemplateView):
    """One institution, for anyone whose scope includes it (404 otherwise)."""

    template_name = "institutions/register/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, institution = self.request.user, self.object
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
            startable = [kind for kind in FilingKind if institution.status in ALLOWED_KINDS[kind]]
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
            missing_facts=missing_labels(institution),
            findings=described_findings(preview_findings(institution, today)),
            history=institution_history(institution),
            designation_states=designation_states(institution),
            designation_history=list(designation_history(institution)),
            can_apply_designation=can_apply_for_designation(user, institution),
            can_grant_designation=can_grant_designation(user),
            designation_form=ChangeForm(auto_id="designation_%s") if can_grant_designation(user) else None,
        )
        return ctx


def _authorities_json() -> str:
    return json.dumps({k: str(v) for k, v in REGISTRATION_AUTHORITY.items()}, ensure_ascii=False)


class InstitutionFormView(RoleRequiredMixin, ServiceFormView):
    """The institution's facts, as the operator registers or changes them."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/register/form.html"
    form_class = InstitutionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "institution": None, "authorities": _authorities_json()}


class InstitutionCreateView(InstitutionFormView):
    """An operator registers a new institution; its membership is created with it."""

    def perform(self, form):
        return services.register_institution(by=self.request.user, **form.institution_fields())

    def get_success_message(self) -> str:
        return _("“%(name)s” is registered. Next, add its classes and staff, then start the initial filing.") % {
            "name": self.result.name
        }


class EditableInstitutionMixin(RefusalMixin, InstitutionMixin):
    """The operator's institution while its data may still change (a closed one is refused)."""

    def refusal(self) -> str:
        return "" if can_edit_institution(self.request.user, self.object) else services.INSTITUTION_CLOSED


class InstitutionEditView(EditableInstitutionMixin, InstitutionFormView):
    """The operator corrects or updates the institution's facts."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.form_instance()}

    def perform(self, form):
        return services.update_institution(institution=self.object, by=self.request.user, **form.institution_fields())

    def get_success_message(self) -> str:
        return _("The institution's facts have been saved.")

    def get_context_data(self, **kwargs):
        institution = self.object
        open_filing = institution.filings.filter(status__in=OPEN_FILING_STATUSES).first()
        return {
            **super().get_context_data(**kwargs),
            "institution": institution,
            # Where a locked identity fact can change: the open change filing, or a new one if none is open.
            "change_filing": open_filing if open_filing and open_filing.kind == FilingKind.CHANGE else None,
            "can_start_change": open_filing is None and institution.status in ALLOWED_KINDS[FilingKind.CHANGE],
        }


class InstitutionRowsView(RoleRequiredMixin, EditableInstitutionMixin, View):
    """Classes or staff of an institution, edited as rows; each row keeps its own history."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/register/rows_form.html"
    formset_class = None
    prefix = ""
    title = ""
    saved_message = ""
    intro = ""

    def render_formset(self, formset):
        context = {"formset": formset, "institution": self.object, "title": self.title, "intro": self.intro}
        return render(self.request, self.template_name, context)

    def get(self, request, pk):
        refused = self.refuse()
        if refused:
            return refused
        return self.render_formset(self.formset_class(instance=self.object, prefix=self.prefix))

    def post(self, request, pk):
        refused = self.refuse()
        if refused:
            return refused
        institution = self.object
        formset = self.formset_class(request.POST, instance=institution, prefix=self.prefix)
        if formset.is_valid():
            try:
                services.save_institution_rows(institution=institution, by=request.user, formset=formset)
            except ValidationError as exc:
                error_messages(request, exc)
            else:
                messages.success(request, self.saved_message)
                return redirect(institution)
        return self.render_formset(formset)


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
