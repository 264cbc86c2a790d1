"""The inspection plan: how often institutions are inspected (the commission's), and which are due (coverage)."""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import COMMISSION_ONLY, REVIEWER_ROLES, RoleRequiredMixin
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import ServiceActionView, ServiceFormView
from institutions.models import Institution
from supervision.models import InspectionFrequency
from supervision.plan import selectors, services
from supervision.plan.filters import CoverageFilter
from supervision.plan.forms import SCOPE_CATEGORY, SCOPE_INSTITUTION, FrequencyForm

FREQUENCY_SAVED = _("Inspection frequency saved.")
FREQUENCY_DELETED = _("The frequency was removed; the more general rule applies again.")
FREQUENCY_NOT_SAVED = _("The frequency was not saved: %(errors)s")


class CoverageView(RoleRequiredMixin, ListPageView):
    """Which filed institutions are due or overdue for inspection."""

    allowed_roles = REVIEWER_ROLES
    template_name = "supervision/plan/coverage.html"
    title = _("Inspection coverage")
    model = Institution
    context_object_name = "rows"
    filterset_class = CoverageFilter
    paginate_by = 50
    tab_param = "flag"
    tab_field = "coverage_flag"
    tabs = [("overdue", _("Overdue")), ("due", _("Due within 30 days")), ("ok", _("Not yet due"))]
    filter_column = "col-6 col-md-4 col-lg-3"

    def filter_rows(self, filterset):
        # Each institution's next due date follows its own rule, worked out in SQL (selectors.coverage).
        jurisdiction = filterset.value("jurisdiction")
        return selectors.coverage(user=self.request.user, today=self.today, jurisdiction=jurisdiction)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(total=ctx["counts"]["all"], year=self.today.year)
        ctx["can_inspect"] = self.request.user.role == Role.OFFICIAL
        return ctx


class InspectionPlanView(RoleRequiredMixin, ServiceFormView):
    """The commission sets how often institutions must be inspected."""

    allowed_roles = COMMISSION_ONLY
    template_name = "supervision/plan/plan.html"
    form_class = FrequencyForm
    success_message = FREQUENCY_SAVED
    success_url = reverse_lazy("supervision:inspection_plan")

    @cached_property
    def table(self) -> dict:
        return selectors.frequency_table()

    def get_initial(self):
        default = self.table["default"]
        return {"scope": SCOPE_INSTITUTION, "per_year": default.per_year if default else 2}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = form.cleaned_data
        return services.set_inspection_frequency(
            by=self.request.user,
            per_year=data["per_year"],
            category=data["category"] if data["scope"] == SCOPE_CATEGORY else "",
            institution=data["institution"] if data["scope"] == SCOPE_INSTITUTION else None,
        )

    def get_invalid_message(self, form) -> str:
        errors = [str(message) for errors in form.errors.values() for message in errors]
        return FREQUENCY_NOT_SAVED % {"errors": " ".join(errors)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.table, "per_year_choices": services.FREQUENCY_CHOICES}


class InspectionPlanDeleteView(RoleRequiredMixin, ServiceActionView):
    allowed_roles = COMMISSION_ONLY
    model = InspectionFrequency
    success_message = FREQUENCY_DELETED

    def get_object_queryset(self):
        return InspectionFrequency.objects.all()  # the plan is the commission's, behind its role check

    def get_object_url(self) -> str:
        return reverse("supervision:inspection_plan")

    def perform(self):
        return services.delete_inspection_frequency(frequency=self.object, by=self.request.user)
