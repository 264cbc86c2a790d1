"""The dashboard (统计报表): figures with charts and tables, their downloads, and the population table."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction
from baodi_care.accounts.permissions import RoleRequiredMixin
from baodi_care.core import spreadsheets
from baodi_care.core.replica import reads_from_replica
from supervision.statistics.forms import FILTERS_IGNORED, DashboardFilterForm, PopulationFormSet
from supervision.statistics.registry import FIGURES, Figure
from supervision.statistics.resources import figures_download, worded
from supervision.statistics.scope import DASHBOARD_ROLES, TARGET_SOURCE, Filters
from supervision.statistics.services import set_populations
from supervision.statistics.snapshots import figures_rows

POPULATION_SAVED = _("Population saved for %(n)s jurisdiction(s).")
POPULATION_UNCHANGED = _("Nothing was changed.")
POPULATION_SOURCE_UNKNOWN = _("source not recorded")
POPULATION_INVALID = _("The population was not saved: see the jurisdictions marked below.")


def read_filters(request) -> tuple[DashboardFilterForm, Filters]:
    form = DashboardFilterForm(request.GET, user=request.user)
    return form, form.filters()


def filter_query(filters: Filters) -> str:
    """The query string of the filters in effect, so that a download matches the page."""
    params = {"date_from": filters.start.isoformat(), "date_to": filters.end.isoformat()}
    if filters.jurisdiction:
        params["jurisdiction"] = filters.jurisdiction.pk
    return urlencode(params)


# --- Cells as the page shows them (the downloads keep numbers as numbers: statistics.resources) ------------


def display(value, kind: str) -> str:
    """A value as the table shows it; "—" for what cannot be computed (e.g. no population)."""
    if value is None or (value == "" and kind != "text"):
        return "—"
    words = worded(value, kind)
    if words is not None:
        return words
    if kind == "percent":
        return f"{formats.number_format(value, 1)} %"
    if kind == "money":
        return formats.number_format(value, 2, force_grouping=True)
    if kind == "number":
        return formats.number_format(value, force_grouping=True)
    if kind == "int":
        return formats.number_format(value, 0, force_grouping=True)
    return str(value)


def table(figure: Figure, rows: list[dict]) -> list[dict]:
    return [
        {
            "is_total": bool(row.get("is_total")),
            "cells": [
                {"text": display(row.get(c.key), c.kind), "kind": c.kind, "value": row.get(c.key)}
                for c in figure.columns
            ],
        }
        for row in rows
    ]


# --- Views ------------------------------------------------------------------------------------------------


class DashboardView(RoleRequiredMixin, TemplateView):
    """Every figure for the user's scope, filtered by period (and, for the commission, jurisdiction)."""

    allowed_roles = DASHBOARD_ROLES
    template_name = "supervision/statistics/dashboard.html"

    @reads_from_replica()
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        form, filters = read_filters(self.request)
        query = filter_query(filters)
        snapshot = figures_rows(FIGURES.values(), user=user, filters=filters)
        figures = []
        for figure in FIGURES.values():
            rows = snapshot.rows[figure.slug]
            figures.append(
                {
                    "slug": figure.slug,
                    "title": figure.title,
                    "note": figure.note,
                    "header": list(figure.columns),
                    "rows": table(figure, rows),
                    "chart": figure.chart(rows),
                    "chart_id": f"chart-data-{figure.slug}",
                    "csv_url": _download_url(figure.slug, "csv", query),
                    "xlsx_url": _download_url(figure.slug, "xlsx", query),
                }
            )
        errors = form.error_summary()
        ctx.update(
            form=form,
            filters=filters,
            figures=figures,
            filter_warning=FILTERS_IGNORED % {"errors": errors} if errors else "",
            can_choose_jurisdiction="jurisdiction" in form.fields,
            can_edit_population=user.role == Role.COMMISSION,
            population_sources=population_sources(user, filters),
            target_source=TARGET_SOURCE,
            computed_at=snapshot.computed_at,
            updating=snapshot.updating,
        )
        return ctx


def population_sources(user, filters: Filters) -> list[str]:
    """Where the populations behind seats per 1,000 come from (the jurisdictions in view that have one)."""
    places = Jurisdiction.objects.for_user(user).filter(population__isnull=False)
    if filters.jurisdiction:
        places = places.filter(pk=filters.jurisdiction.pk)
    named = places.exclude(population_source="").values_list("population_source", flat=True).distinct()
    sources = sorted(set(named))
    if places.filter(population_source="").exists():
        sources.append(str(POPULATION_SOURCE_UNKNOWN))
    return sources


def _download_url(slug: str, fmt: str, query: str) -> str:
    return f"{reverse('supervision:dashboard_download', args=[slug, fmt])}?{query}"


class DashboardDownloadView(RoleRequiredMixin, View):
    """One figure's table as csv or xlsx, with the same filters as the page it was downloaded from."""

    allowed_roles = DASHBOARD_ROLES

    @reads_from_replica()
    def get(self, request, figure: str, fmt: str):
        chosen = FIGURES.get(figure)
        if chosen is None or fmt not in spreadsheets.FORMATS:
            raise Http404
        _form, filters = read_filters(request)
        return figures_download([chosen], user=request.user, filters=filters, fmt=fmt, name=chosen.slug)


class PopulationEditView(RoleRequiredMixin, View):
    """The commission records each jurisdiction's resident population (the base of seats per 1,000)."""

    allowed_roles = (Role.COMMISSION,)
    template_name = "supervision/statistics/population_form.html"

    def queryset(self):
        return Jurisdiction.objects.for_user(self.request.user).filter(is_active=True).order_by("code")

    def render(self, formset, status: int = 200):
        changes = (
            Jurisdiction.history.filter(history_type="~")
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:20]
        )
        return render(self.request, self.template_name, {"formset": formset, "changes": changes}, status=status)

    def get(self, request):
        return self.render(PopulationFormSet(queryset=self.queryset()))

    def post(self, request):
        formset = PopulationFormSet(request.POST, queryset=self.queryset())
        if not formset.is_valid():
            messages.error(request, POPULATION_INVALID)
            return self.render(formset)
        edited = [form for form in formset.forms if form.has_changed()]
        populations = {form.instance.pk: form.cleaned_data.get("population") for form in edited}
        sources = {form.instance.pk: form.cleaned_data.get("population_source") or "" for form in edited}
        try:
            changed = set_populations(by=request.user, populations=populations, sources=sources)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return self.render(formset)
        if changed:
            messages.success(request, POPULATION_SAVED % {"n": len(changed)})
        else:
            messages.info(request, POPULATION_UNCHANGED)
        return redirect("supervision:population_edit")
