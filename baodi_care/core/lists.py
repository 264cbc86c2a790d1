"""List pages, written once, in the manner of Django admin's ChangeList.

A list view (`ListPageView`) says what it lists and how: its model (scoped by `for_user`) or base queryset, its
FilterSet, its tabs, its page size, its export. `Listing` works it out for one request: the filters in effect, the
rows they select, the tab counts (one query), the page, and the query strings that links keep. The templates show
it with templates/includes/_list_page.html and its pieces (_tabs, _filter_form, _sort_header, _export_links,
_pagination). Bad input never breaks a list: an invalid filter is left out, an unknown tab or sort key is
ignored, a page number out of range shows the nearest page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from functools import cached_property

import django_filters
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet, Subquery
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.forms import DateInput

# The values of a yes/no filter (overdue only / not overdue) in list query strings.
YES, NO = "yes", "no"

PAGE, FORMAT, ORDERING = "page", "format", "ordering"

EXPORT_FORMATS = (("csv", _("Export CSV")), ("xlsx", _("Export Excel")))

# An official works in one jurisdiction and an operator on their own institutions: no jurisdiction filter for them.
ONE_JURISDICTION_ROLES = (Role.OFFICIAL, Role.OPERATOR)


# --- Filters ------------------------------------------------------------------------------------------------


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Sorting that keeps rows without a date at the end either way, with a stable tie-break."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        name = value.lstrip("-")
        return F(name).desc(nulls_last=True) if value.startswith("-") else F(name).asc(nulls_last=True)

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


class SearchFilter(django_filters.CharFilter):
    """Free text that any of several lookups may match, as admin's search_fields.

    A lookup is a string ("institution__name__icontains") or a pair (lookup, how to prepare the text)."""

    def __init__(self, *args, lookups: Sequence[str | tuple[str, Callable[[str], str]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.lookups = [lookup if isinstance(lookup, tuple) else (lookup, None) for lookup in lookups]

    def filter(self, qs, value):
        text = (value or "").strip()
        if not text:
            return qs
        condition = Q()
        for lookup, prepare in self.lookups:
            condition |= Q(**{lookup: prepare(text) if prepare else text})
        return qs.filter(condition)


class YesNoFilter(django_filters.ChoiceFilter):
    """Rows that meet a condition (yes), rows that do not (no), or all; `condition(today)` gives the Q."""

    def __init__(self, *args, condition: Callable[[datetime.date], Q], yes_label, no_label, **kwargs):
        kwargs.setdefault("choices", [(YES, yes_label), (NO, no_label)])
        super().__init__(*args, **kwargs)
        self.condition = condition

    def filter(self, qs, value):
        if value not in (YES, NO):
            return qs
        condition = self.condition(getattr(self.parent, "today", None) or timezone.localdate())
        return qs.filter(condition) if value == YES else qs.exclude(condition)


class OverdueFilter(YesNoFilter):
    """Overdue only / not overdue, by the list's own idea of overdue."""

    def __init__(self, *args, condition, **kwargs):
        kwargs.setdefault("label", _("Overdue"))
        super().__init__(*args, condition=condition, yes_label=_("Overdue only"), no_label=_("Not overdue"), **kwargs)


def date_filter(label, field_name: str, lookup_expr: str) -> django_filters.DateFilter:
    """A date bound (from / to) with the browser's date picker."""
    return django_filters.DateFilter(label=label, field_name=field_name, lookup_expr=lookup_expr, widget=DateInput)


def jurisdiction_filter(field_name: str = "institution__jurisdiction") -> django_filters.ModelChoiceFilter:
    """The jurisdiction filter; ScopedFilterSet offers the user's jurisdictions only."""
    return django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name=field_name, queryset=Jurisdiction.objects.none()
    )


class ScopedFilterSet(django_filters.FilterSet):
    """A list's filters, told who looks and what day it is: jurisdiction choices come from the same scope as
    the rows (an official is offered only their own), and date conditions such as overdue use `today`."""

    def __init__(self, data=None, queryset=None, *, user=None, today: datetime.date | None = None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.user = user
        self.today = today or timezone.localdate()
        jurisdiction = self.filters.get("jurisdiction")
        if isinstance(jurisdiction, django_filters.ModelChoiceFilter):
            jurisdiction.queryset = Jurisdiction.objects.for_user(user)

    def value(self, name: str):
        """A filter's cleaned value, or None when it is empty or invalid (a bad filter is simply not applied)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.form.cleaned_data.get(name)


# --- The page -----------------------------------------------------------------------------------------------


class DeferredJoinPaginator(Paginator):
    """Django's paginator, but a page after the first is fetched as `WHERE pk IN (SELECT pk … ORDER BY … LIMIT n
    OFFSET m)`: the database skips the first m rows walking an index of the order (pk only) instead of building
    every skipped row with its joins and annotations, so page 4,000 costs about what page 1 does. Same rows, same
    order, one query."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if bottom and isinstance(rows, QuerySet):
            page_rows = rows.filter(pk__in=Subquery(rows.values("pk")[bottom:top]))
        else:
            page_rows = rows[bottom:top]
        return self._get_page(page_rows, number, self)


def query_with(params: QueryDict, **changes) -> str:
    """`params` as a query string, with some parameters set (or, given None, removed)."""
    params = params.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()


class Listing:
    """One request's list: the filters in effect, the rows, the tab counts, the page and the links' query strings.

    Everything is worked out when first asked for: the export reads `rows` and never counts or pages."""

    def __init__(self, view: ListPageView):
        self.view = view
        self.request = view.request
        self.tab_param = view.tab_param
        self.params = view.get_params()
        self.filterset = view.get_filterset(self.params)

    @cached_property
    def filtered(self):
        """The rows the filters select, whatever the tab: what the tabs count."""
        return self.view.filter_rows(self.filterset)

    @cached_property
    def tab(self) -> str:
        """The tab in effect ("" for all); an unknown value is all."""
        value = self.params.get(self.tab_param, "") if self.tab_param else ""
        return value if value in {str(tab[0]) for tab in self.view.tabs} else ""

    @cached_property
    def rows(self):
        """The rows of the list, tab included, in order: what the page shows and the export writes."""
        return self.view.choose_tab(self.filtered, self.tab) if self.tab else self.filtered

    @cached_property
    def counts(self) -> dict[str, int]:
        return self.view.count_rows(self.filtered)

    @cached_property
    def tabs(self) -> list[dict]:
        if not self.tab_param:
            return []
        entries = [("", _("All")), *self.view.tabs]
        return [
            {
                "value": str(value),
                "label": label,
                "title": rest[0] if rest else "",
                "count": self.counts.get(str(value) or "all", 0),
                "active": str(value) == self.tab,
                "query": self.query_with(**{self.tab_param: str(value)}),
            }
            for value, label, *rest in entries
        ]

    @cached_property
    def page_obj(self):
        # get_page: a page number that is not a number shows the first page, one out of range the last.
        paginator = self.view.get_paginator(self.rows)
        if self.tab_param and isinstance(self.rows, QuerySet) and type(paginator).count is Paginator.count:
            # The tabs have counted the rows of each tab already: the paginator need not COUNT them again (a
            # paginator of its own, one that does not count, keeps its way).
            paginator.count = self.counts.get(self.tab or "all", 0)
        return paginator.get_page(self.request.GET.get(PAGE))

    @cached_property
    def object_list(self) -> list:
        return self.view.decorate(self.page_obj.object_list)

    @cached_property
    def query(self) -> str:
        """The query string without the page: what pagination and sort links keep."""
        return self.params.urlencode()

    def query_with(self, **changes) -> str:
        return query_with(self.params, **changes)

    @cached_property
    def sort_links(self) -> dict[str, dict]:
        """{column: its header link} for each column the FilterSet's `ordering` filter allows (the whitelist)."""
        ordering = self.filterset.filters.get(ORDERING) if self.filterset is not None else None
        if not isinstance(ordering, django_filters.OrderingFilter):
            return {}
        current = self.params.get(ORDERING, "")
        labels = dict(ordering.extra["choices"])
        return {
            column: {
                "label": labels.get(column, column),
                "query": self.query_with(**{ORDERING: f"-{column}" if current == column else column}),
                "active": current.lstrip("-") == column,
                "descending": current == f"-{column}",
            }
            for column in ordering.param_map
        }

    @cached_property
    def export_links(self) -> list[dict]:
        """Links to the page's download of exactly this list (filters and tab kept, no page)."""
        if not self.view.export_url:
            return []
        url = self.view.get_export_url()
        return [
            {"format": fmt, "label": label, "url": f"{url}?{self.query_with(**{FORMAT: fmt})}"}
            for fmt, label in EXPORT_FORMATS
        ]

    @cached_property
    def overdue_query(self) -> str:
        """This list, overdue rows only (for the "n overdue" link)."""
        return self.query_with(overdue=YES)

    @cached_property
    def filter_fields(self) -> list[tuple]:
        """(bound field, its column's CSS classes) for each filter the form shows to this user."""
        if self.filterset is None:
            return []
        form, hidden = self.filterset.form, self.view.get_hidden_filters()
        return [
            (form[name], self.view.filter_columns.get(name, self.view.filter_column))
            for name in form.fields
            if name not in hidden
        ]

    @cached_property
    def kept_params(self) -> list[tuple[str, str]]:
        """What the filter form sends along unchanged: the tab in effect."""
        return [(self.tab_param, self.tab)] if self.tab_param else []


class ListPageView(TemplateView):
    """A scoped list page: `model.objects.for_user(user)` (or get_queryset()), filtered, tabbed, sorted, paged.

    Sorting is the FilterSet's `ordering` filter (NullsLastOrderingFilter): its fields are the sortable columns."""

    model = None
    # The scoped rows, as selector(user=...) -> QuerySet; without one, model.objects.for_user(user).
    selector = None
    title = ""
    filterset_class: type[django_filters.FilterSet] | None = None
    # The name of the rows of the page in the template context (besides listing.object_list); by default their
    # model's name in the plural ("institutions", "filings" ...), or "rows".
    context_object_name = ""
    paginate_by = 25
    # Deep pages skip rows by the order's index (DeferredJoinPaginator); a paginator that does not count exactly
    # drops in here.
    paginator_class = DeferredJoinPaginator
    # Tabs: the query parameter, the field or annotation it chooses (default: the parameter), and the tabs after
    # "All", as (value, label) or (value, label, title).
    tab_param = ""
    tab_field = ""
    tabs: Sequence[tuple] = ()
    # The URL name of the download of the filtered list (it takes ?format=csv|xlsx).
    export_url = ""
    # Filters the form does not show (besides the tab, and the jurisdiction for users of one jurisdiction).
    hidden_filters: tuple[str, ...] = ()
    filter_column = "col-6 col-md-4 col-lg-2"
    filter_columns: dict[str, str] = {}

    @cached_property
    def today(self) -> datetime.date:
        return timezone.localdate()

    @cached_property
    def listing(self) -> Listing:
        return Listing(self)

    def get_queryset(self):
        selector = type(self).selector  # a plain function, not bound to the view
        if selector is not None:
            return selector(user=self.request.user)
        return self.model.objects.for_user(self.request.user)

    def get_context_object_name(self, rows) -> str:
        if self.context_object_name:
            return self.context_object_name
        model = getattr(rows, "model", None) or self.model
        return f"{model._meta.model_name}s" if model is not None else "rows"

    def get_export_url(self) -> str:
        """The download's address (a page whose URL takes arguments gives them to its export here)."""
        return reverse(self.export_url)

    def get_default_tab(self) -> str:
        """The tab that opens when the query string names none."""
        return ""

    def get_params(self) -> QueryDict:
        """The query string in effect: without page and format, with the default tab when none was chosen."""
        params = self.request.GET.copy()
        for key in (PAGE, FORMAT):
            params.pop(key, None)
        default = self.get_default_tab() if self.tab_param and self.tab_param not in params else ""
        if default:
            params[self.tab_param] = default
        return params

    def get_filterset(self, params: QueryDict):
        if self.filterset_class is None:
            return None
        data = params.copy()
        data.pop(self.tab_param, None)  # the tabs choose (and count) between their values themselves
        user, queryset = self.request.user, self.get_queryset()
        return self.filterset_class(data or None, queryset=queryset, user=user, today=self.today)

    def filter_rows(self, filterset):
        """The rows the filters select (a queryset, or a list for a page computed in Python)."""
        return filterset.qs if filterset is not None else self.get_queryset()

    def get_count_conditions(self) -> dict[str, Q]:
        """Counts besides the tabs', as {name: condition} (e.g. overdue), computed in the same query."""
        return {}

    def count_rows(self, rows) -> dict[str, int]:
        """{"all", each tab's value, each count condition: how many rows}, in one query.

        Rows computed in Python (a list) have their tabs counted as they come; count conditions need a queryset."""
        field = self.tab_field or self.tab_param
        conditions = {str(value): Q(**{field: value}) for value, *_rest in self.tabs} if field else {}
        conditions.update(self.get_count_conditions())
        if not conditions:
            return {}
        if isinstance(rows, QuerySet):
            aggregates = {name: Count("pk", filter=condition) for name, condition in conditions.items()}
            return rows.order_by().aggregate(all=Count("pk"), **aggregates)
        counts = {str(value): 0 for value, *_rest in self.tabs}
        for row in rows:
            key = str(getattr(row, field))
            if key in counts:
                counts[key] += 1
        return {"all": len(rows), **counts}

    def choose_tab(self, rows, tab: str):
        field = self.tab_field or self.tab_param
        if isinstance(rows, QuerySet):
            return rows.filter(**{field: tab})
        return [row for row in rows if str(getattr(row, field)) == tab]

    def get_paginator(self, rows):
        return self.paginator_class(rows, self.paginate_by)

    def decorate(self, rows) -> list:
        """What a row shows beyond its fields, for one page of rows (in a fixed number of queries)."""
        return list(rows)

    def get_hidden_filters(self) -> set[str]:
        hidden = {self.tab_param, *self.hidden_filters}
        if getattr(self.request.user, "role", None) in ONE_JURISDICTION_ROLES:
            hidden.add("jurisdiction")
        return hidden

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        listing = self.listing
        ctx.update(
            {
                "listing": listing,
                "title": self.title,
                "filter": listing.filterset,
                "page_obj": listing.page_obj,
                "query": listing.query,
                "tabs": listing.tabs,
                "current_tab": listing.tab,
                "counts": listing.counts,
                "today": self.today,
                self.get_context_object_name(listing.filtered): listing.object_list,
            }
        )
        return ctx
