"""Pages of 普惠 and 示范 status: the operator applies; the commission decides applications (its work list) and
grants or withdraws a status on its own initiative from the institution's page. Views parse input, call one
service and redirect with a message; every object is looked up through `for_user` (outside the scope: 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import COMMISSION_ONLY, OPERATOR_ONLY, RoleRequiredMixin
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import FORM_NOT_SAVED, ScopedObjectMixin, ServiceFormView, error_messages
from institutions.choices import ApplicationStatus
from institutions.designations import selectors, services
from institutions.designations.forms import ApplicationForm, ChangeForm, DecisionForm
from institutions.models import DesignationApplication, Institution
from institutions.permissions import can_apply_for_designation, can_decide_designation_application

APPLICATION_ROLES = (Role.OPERATOR, Role.COMMISSION)
DECISION_UNCLEAR = _("Choose whether to grant or to refuse (or withdraw); nothing was saved.")


class DesignationApplyView(RoleRequiredMixin, ScopedObjectMixin, ServiceFormView):
    """The operator applies for 普惠 or 示范 status, with a note to the commission."""

    allowed_roles = OPERATOR_ONLY
    model = Institution
    template_name = "institutions/designations/apply.html"
    form_class = ApplicationForm
    invalid_message = FORM_NOT_SAVED

    def refusal(self) -> str:
        return "" if can_apply_for_designation(self.request.user, self.object) else str(services.CANNOT_APPLY)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "institution": self.object,
            "states": selectors.designation_states(self.object),
        }

    def perform(self, form):
        return services.apply_for_designation(institution=self.object, by=self.request.user, **form.cleaned_data)

    def get_success_message(self) -> str:
        return _("Your application was sent to the district health commission, which grants or refuses it.")


class DesignationApplicationListView(RoleRequiredMixin, ListPageView):
    """The commission's work list: applications for 普惠 and 示范 status, those awaiting a decision first."""

    allowed_roles = COMMISSION_ONLY
    template_name = "institutions/designations/application_list.html"
    selector = selectors.applications
    title = _("Applications for inclusive and demonstration status")
    context_object_name = "applications"
    tab_param = "status"
    tabs = ApplicationStatus.choices

    def get_default_tab(self) -> str:
        return ApplicationStatus.PENDING


class ApplicationMixin(RoleRequiredMixin, ScopedObjectMixin):
    allowed_roles = APPLICATION_ROLES
    model = DesignationApplication
    related = ("institution", "institution__jurisdiction", "applied_by", "decided_by")
    template_name = "institutions/designations/application_detail.html"

    def page_context(self, obj, **bound_forms) -> dict:
        return {
            "application": obj,
            "can_decide": can_decide_designation_application(self.request.user, obj),
            "form": bound_forms.get("form") or DecisionForm(),
        }


class DesignationApplicationView(ApplicationMixin, TemplateView):
    pass


class DesignationDecideView(ApplicationMixin, TemplateView):
    """The commission grants or refuses an application (a bad form shows the page again with its errors)."""

    allowed_roles = COMMISSION_ONLY
    http_method_names = ["post"]

    def post(self, request, pk):
        form = DecisionForm(request.POST)
        action = request.POST.get("action")
        if not form.is_valid() or action not in ("grant", "refuse"):
            if form.is_valid():
                messages.error(request, DECISION_UNCLEAR)
            return self.render_to_response(self.page_context(self.object, form=form))
        try:
            services.decide_application(
                application=self.object, by=request.user, grant=action == "grant", **form.cleaned_data
            )
        except ValidationError as exc:
            error_messages(request, exc)
            return redirect(self.object)
        messages.success(
            request, _("The status was granted.") if action == "grant" else _("The application was refused.")
        )
        return redirect("institutions:designation_list")


class DesignationChangeView(RoleRequiredMixin, ScopedObjectMixin, View):
    """The commission grants or withdraws a status on its own initiative, from the institution's page."""

    allowed_roles = COMMISSION_ONLY
    model = Institution
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ChangeForm(request.POST)
        action = request.POST.get("action")
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(self.object)
        if action not in ("grant", "withdraw"):
            messages.error(request, DECISION_UNCLEAR)
            return redirect(self.object)
        try:
            services.change_designation(
                institution=self.object, by=request.user, holds=action == "grant", **form.cleaned_data
            )
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(
                request, _("The status was granted.") if action == "grant" else _("The status was withdrawn.")
            )
        return redirect(self.object)
