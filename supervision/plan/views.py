from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import COMMISSION_ONLY, REVIEWER_ROLES, RoleRequiredMixin
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import add_service_errors, error_messages
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
    filterset_class = CoverageFilter
    paginate_by = 50
    tab_param = "flag"
    tab_field = "coverage_flag"
    tabs = [("overdue", _("Overdue")), ("due", _("Due within 30 days")), ("ok", _("Not yet due"))]
    filter_column = "col-6 col-md-4 col-lg-3"

    def filter_rows(self, filterset):
        # Each institution's next due date follows its own rule: worked out in Python, in two queries.
        jurisdiction = filterset.value("jurisdiction")
        return selectors.coverage(user=self.request.user, today=self.today, jurisdiction=jurisdiction)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(total=ctx["counts"]["all"], year=self.today.year)
        ctx["can_inspect"] = self.request.user.role == Role.OFFICIAL
        return ctx


class InspectionPlanView(RoleRequiredMixin, View):
    """The commission sets how often institutions must be inspected."""

    allowed_roles = COMMISSION_ONLY
    template_name = "supervision/plan/plan.html"

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
                add_service_errors(form, exc)
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
            error_messages(request, exc)
        else:
            messages.success(request, FREQUENCY_DELETED)
        return redirect("supervision:inspection_plan")
