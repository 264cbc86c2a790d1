"""The list page mechanism (baodi_care.core.lists) on its own, and what every list page owes its users: bad input
never breaks it, and its query count does not grow with the rows; the district's status lists narrow to a
jurisdiction for the commission (issue 8, shared mechanisms written once)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from baodi_care.core.dates import add_months, previous_month
from baodi_care.core.lists import (
    NO,
    YES,
    DeferredJoinPaginator,
    ListPageView,
    NullsLastOrderingFilter,
    ScopedFilterSet,
    SearchFilter,
    YesNoFilter,
    jurisdiction_filter,
)
from institutions.choices import Category, ClassType
from institutions.models import ClassGroup, Institution
from tests.builders.fees import make_published_fees
from tests.builders.register import make_imported_institution, make_institution
from tests.builders.reports import make_report

pytestmark = pytest.mark.django_db


def has_classes() -> Q:
    return Q(Exists(ClassGroup.objects.filter(institution=OuterRef("pk"))))


class InstitutionFilterSet(ScopedFilterSet):
    q = SearchFilter(label="Name or credit code", lookups=("name__icontains", "uscc__iexact"))
    jurisdiction = jurisdiction_filter("jurisdiction")
    seated = YesNoFilter(label="Has a class", condition=lambda today: has_classes(), yes_label="y", no_label="n")
    ordering = NullsLastOrderingFilter(
        fields=(("name", "name"), ("updated_at", "updated")), field_labels={"name": "Name", "updated_at": "Updated"}
    )

    class Meta:
        model = Institution
        fields = ["q", "jurisdiction", "seated"]


class InstitutionListPage(ListPageView):
    model = Institution
    filterset_class = InstitutionFilterSet
    paginate_by = 2
    tab_param = "category"
    tabs = [(Category.INDEPENDENT, "Independent"), (Category.COMMUNITY, "Community", "Community childcare points")]
    export_url = "supervision:filing_export"


def listing(user, view_class=InstitutionListPage, **params):
    request = RequestFactory().get("/list/", params)
    request.user = user
    view = view_class()
    view.setup(request)
    return view.listing


def names(rows) -> list[str]:
    return [row.name for row in rows]


@pytest.fixture
def three(operator, haibin, baoping):
    """乙 and 甲 in Haibin (independent), 丙 in Baoping (a community point)."""
    return [
        make_institution(operator=operator, jurisdiction=haibin, name="乙托育园"),
        make_institution(operator=operator, jurisdiction=haibin, name="甲托育园"),
        make_institution(operator=operator, jurisdiction=baoping, name="丙社区托育点", category=Category.COMMUNITY),
    ]


# --- Scope --------------------------------------------------------------------------------------------------


def test_the_rows_start_from_for_user(official, other_institution, three):
    assert sorted(names(listing(official).rows)) == ["乙托育园", "甲托育园"]


def test_anonymous_users_see_nothing(three):
    assert list(listing(AnonymousUser()).rows) == []


# --- Search -------------------------------------------------------------------------------------------------


def test_search_matches_any_of_its_lookups_and_ignores_blank_text(commission, three):
    assert names(listing(commission, q=" 甲 ").rows) == ["甲托育园"]
    assert names(listing(commission, q=three[2].uscc.lower()).rows) == ["丙社区托育点"]
    assert len(listing(commission, q="   ").rows) == 3
    assert list(listing(commission, q="没有这个").rows) == []


def test_a_yes_no_filter_keeps_meeting_rows_the_rest_or_all(commission, operator, haibin, three):
    bare = make_institution(operator=operator, jurisdiction=haibin, name="空园", classes=[])
    assert bare.pk not in {i.pk for i in listing(commission, seated=YES).rows}
    assert [i.pk for i in listing(commission, seated=NO).rows] == [bare.pk]
    assert len(listing(commission, seated="maybe").rows) == 4


def test_an_invalid_filter_value_is_left_out_and_the_others_still_apply(commission, baoping, three):
    rows = listing(commission, jurisdiction="not-a-number", q="托育园").rows
    assert sorted(names(rows)) == ["乙托育园", "甲托育园"]
    assert names(listing(commission, jurisdiction=baoping.pk).rows) == ["丙社区托育点"]


# --- Sort ---------------------------------------------------------------------------------------------------


def test_sorting_follows_the_whitelist_with_a_stable_tie_break(commission, three):
    ascending = names(listing(commission, ordering="name").rows)
    assert ascending == sorted(ascending)
    assert names(listing(commission, ordering="-name").rows) == list(reversed(ascending))
    same_day = listing(commission, ordering="updated").rows
    assert str(same_day.query).rstrip().endswith('"institutions_institution"."id" ASC')


def test_an_unknown_sort_key_keeps_the_default_order(commission, three):
    default = [i.pk for i in listing(commission).rows]
    assert [i.pk for i in listing(commission, ordering="password").rows] == default
    assert [i.pk for i in listing(commission, ordering="uscc").rows] == default


def test_sort_links_toggle_and_keep_the_filters(commission, three):
    links = listing(commission, q="托育", ordering="name", page="2").sort_links
    assert set(links) == {"name", "updated"}
    assert links["name"] == {"label": "Name", "query": "q=%E6%89%98%E8%82%B2&ordering=-name", "active": True,
                             "descending": False}  # fmt: skip
    assert links["updated"]["query"] == "q=%E6%89%98%E8%82%B2&ordering=updated"
    assert not links["updated"]["active"]
    assert listing(commission, ordering="-name").sort_links["name"]["descending"]


# --- Tabs ---------------------------------------------------------------------------------------------------


def test_tabs_count_every_value_in_one_query(commission, three, django_assert_num_queries):
    page = listing(commission)
    with django_assert_num_queries(1):
        counts = page.counts
    assert counts == {"all": 3, Category.INDEPENDENT: 2, Category.COMMUNITY: 1}
    tabs = page.tabs
    assert [(t["value"], t["count"], t["active"]) for t in tabs] == [
        ("", 3, True), ("independent", 2, False), ("community", 1, False)
    ]  # fmt: skip
    assert tabs[2]["title"] == "Community childcare points" and tabs[1]["title"] == ""


def test_tab_counts_follow_the_other_filters_but_not_the_tab(commission, haibin, three):
    page = listing(commission, category=Category.COMMUNITY, jurisdiction=haibin.pk)
    assert page.tab == Category.COMMUNITY
    assert list(page.rows) == []
    assert page.counts == {"all": 2, Category.INDEPENDENT: 2, Category.COMMUNITY: 0}
    assert page.tabs[1]["query"] == f"jurisdiction={haibin.pk}&category=independent"


def test_an_unknown_tab_shows_all(commission, three):
    page = listing(commission, category="nonsense")
    assert page.tab == "" and len(page.rows) == 3
    assert page.kept_params == [("category", "")]


class DefaultTabPage(InstitutionListPage):
    def get_default_tab(self):
        return Category.COMMUNITY


def test_the_default_tab_opens_unless_the_user_chose_another(commission, three):
    assert names(listing(commission, DefaultTabPage).rows) == ["丙社区托育点"]
    assert listing(commission, DefaultTabPage).query == "category=community"
    assert len(listing(commission, DefaultTabPage, category="").rows) == 3


class ComputedPage(InstitutionListPage):
    """Rows computed in Python (as the coverage page): the tabs count and choose among them too."""

    tab_field = "kind"

    def filter_rows(self, filterset):
        rows = list(filterset.qs)
        for row in rows:
            row.kind = "community" if row.category == Category.COMMUNITY else "independent"
        return rows


def test_tabs_work_on_rows_computed_in_python(commission, three, django_assert_num_queries):
    page = listing(commission, ComputedPage, category="community")
    with django_assert_num_queries(1):
        assert names(page.rows) == ["丙社区托育点"]
        assert page.counts == {"all": 3, "independent": 2, "community": 1}


# --- Pages, export, query strings ---------------------------------------------------------------------------


@pytest.mark.parametrize(("asked", "shown"), [("1", 1), ("2", 2), ("999", 2), ("0", 2), ("x", 1), ("", 1)])
def test_a_page_number_out_of_range_shows_the_nearest_page(commission, three, asked, shown):
    page = listing(commission, page=asked).page_obj
    assert page.number == shown
    assert page.paginator.num_pages == 2


class CountlessPaginator(Paginator):
    """What a national-scale list might drop in: a count it does not ask the database for."""

    count = 10**6


class FastPage(InstitutionListPage):
    paginator_class = CountlessPaginator


def test_the_paginator_is_a_hook(commission, three):
    page = listing(commission, FastPage).page_obj
    assert isinstance(page.paginator, CountlessPaginator) and page.paginator.num_pages == 500_000


def test_the_query_string_leaves_out_the_page_and_the_format(commission, three):
    page = listing(commission, q="甲", page="2", format="xlsx", category="independent")
    assert page.query == "q=%E7%94%B2&category=independent"
    assert page.overdue_query == "q=%E7%94%B2&category=independent&overdue=yes"


def test_the_export_link_keeps_the_filters_and_the_tab(commission, three):
    links = listing(commission, q="甲", page="3", category="independent").export_links
    url = reverse("supervision:filing_export")
    assert [(link["format"], link["url"]) for link in links] == [
        ("csv", f"{url}?q=%E7%94%B2&category=independent&format=csv"),
        ("xlsx", f"{url}?q=%E7%94%B2&category=independent&format=xlsx"),
    ]


def test_no_export_url_no_export_links(commission, three):
    class NoExport(InstitutionListPage):
        export_url = ""

    assert listing(commission, NoExport).export_links == []


# --- The filter form ----------------------------------------------------------------------------------------


def test_the_jurisdiction_filter_is_offered_only_to_district_wide_users(official, commission, haibin, three):
    assert "jurisdiction" not in {field.name for field, _css in listing(official).filter_fields}
    assert "jurisdiction" in {field.name for field, _css in listing(commission).filter_fields}
    # Its choices are the user's scope either way.
    assert list(listing(official).filterset.filters["jurisdiction"].queryset) == [haibin]
    # The tab is not a field of the form: the form sends it along unchanged.
    assert "category" not in {field.name for field, _css in listing(commission).filter_fields}


# --- Every list page ----------------------------------------------------------------------------------------

GARBAGE = {
    "page": "x",
    "ordering": "password",
    "status": "nonsense",
    "state": "nonsense",
    "flag": "nonsense",
    "jurisdiction": "abc",
    "overdue": "maybe",
    "month": "soon",
    "submitted_from": "not-a-date",
    "fee_min": "cheap",
    "category": "?",
}


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("institutions:list", "commission"),
        ("supervision:filing_worklist", "commission"),
        ("supervision:filing_worklist", "official"),
        ("supervision:filing_export", "official"),
        ("supervision:inspection_list", "operator"),
        ("supervision:rectification_ledger", "official"),
        ("supervision:institution_ledger", "official"),
        ("supervision:coverage", "commission"),
        ("institutions:fee_status", "official"),
        ("institutions:report_status", "commission"),
        ("institutions:report_list", "operator"),
        ("supervision:complaint_list", "official"),
        ("public:register", None),
    ],
)
def test_bad_input_shows_the_list_with_the_defaults(client, users, institution, name, role):
    if role:
        client.force_login(users[role])
    needs_pk = name in ("supervision:institution_ledger", "institutions:report_list")
    response = client.get(reverse(name, args=[institution.pk] if needs_pk else []), GARBAGE)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_report_list_of_an_institution_does_not_grow_in_queries(
    client, operator, haibin, rows, django_assert_max_num_queries
):
    institution = make_imported_institution(haibin, operator=operator)
    last_month = previous_month(timezone.localdate())
    for months_ago in range(rows):
        make_report(institution, operator, period=add_months(last_month, -months_ago))
    client.force_login(operator)
    # Session, user, institution, count, reports, the summary card (membership, fees, reports: 6), inbox badge,
    # session save (+ savepoint), and whether the operator has a second factor.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("institutions:report_list", args=[institution.pk]))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == rows
    assert response.content.decode().count("data-period=") == min(rows, 24)


# --- The district's status lists (fee disclosures, operating reports) ----------------------------------------------

TEN_SEATS = [{"name": "托小班", "class_type": ClassType.TODDLER, "seats": 10}]


def published_fees(institution, operator, i: int) -> None:
    make_published_fees(institution, operator, review_months=6 + i % 2)


def last_months_report(institution, operator, i: int) -> None:
    make_report(institution, operator, enrolled_toddler=8 + i % 5)  # over the ten seats now and then


STATUS_LISTS = [
    # (list, what two rows in three carry, the institutions' facts, a row's mark, the most queries):
    # session, user, review periods in use, tab counts, page count, rows, disclosures, their items, inbox badge,
    # jurisdiction, session save: the same for 5 rows as for 50.
    pytest.param("institutions:fee_status", published_fees, {}, "data-institution=", 14, id="fees"),
    # session, user, the second factor's device, tab counts, page count, rows, inbox badge, jurisdiction, session save.
    pytest.param(
        "institutions:report_status", last_months_report, {"classes": TEN_SEATS}, "data-report-state=", 11, id="reports"
    ),
]


@pytest.mark.parametrize(("name", "fill", "facts", "mark", "queries"), STATUS_LISTS)
@pytest.mark.parametrize("rows", [5, 50])
def test_a_status_list_of_the_district_does_not_grow_in_queries(
    client, official, operator, haibin, name, fill, facts, mark, queries, rows, django_assert_max_num_queries
):
    for i in range(rows):
        institution = make_imported_institution(haibin, operator=operator, **facts)
        if i % 3:
            fill(institution, operator, i)
    client.force_login(official)
    with django_assert_max_num_queries(queries):
        response = client.get(reverse(name))
    assert response.content.decode().count(mark) == rows


@pytest.mark.parametrize("name", ["institutions:fee_status", "institutions:report_status"])
def test_the_commission_narrows_a_status_list_to_a_jurisdiction(
    client, commission, operator, other_operator, haibin, baoping, name
):
    here = make_imported_institution(haibin, operator=operator, name="海滨某园")
    there = make_imported_institution(baoping, operator=other_operator, name="宝平某园")
    client.force_login(commission)
    html = client.get(reverse(name)).content.decode()
    assert here.name in html and there.name in html
    html = client.get(reverse(name), {"jurisdiction": baoping.pk}).content.decode()
    assert there.name in html and here.name not in html


def test_a_deep_page_holds_the_rows_plain_slicing_gives_in_one_query(haibin, django_assert_num_queries):
    for n in range(23):
        make_imported_institution(haibin, name=f"机构{n % 7}")  # repeated names: the order's tie-break matters
    rows = Institution.objects.select_related("jurisdiction").with_seats().order_by("name", "pk")
    plain, deferred = Paginator(rows, 5), DeferredJoinPaginator(rows, 5, orphans=3)
    expected = [[i.pk for i in plain.page(n).object_list] for n in plain.page_range]
    expected[-2:] = [expected[-2] + expected[-1]]  # orphans: the last 3 rows join the page before
    assert deferred.num_pages == len(expected)
    for number, pks in enumerate(expected, start=1):
        page = deferred.page(number)
        with django_assert_num_queries(1):
            assert [i.pk for i in page.object_list] == pks
        assert all(hasattr(i, "total_seats") for i in page.object_list)
