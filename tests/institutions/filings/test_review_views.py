"""The reviewers' workbench as its users meet it: the work list, the export, the review page and its
decisions, and the holiday table (issue 3 §5–7, §9, §11–12)."""

from __future__ import annotations

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from institutions.calendar.services import CALENDAR_DAY_EXISTS
from institutions.calendar.workdays import add_working_days
from institutions.choices import FilingKind, FilingStatus, Section, Verdict
from institutions.filings import services as filings_services
from institutions.filings.services import (
    COMMENT_REQUIRED,
    FILING_CHANGED,
    REJECT_REASON_REQUIRED,
    RETURN_COMMENT_REQUIRED,
)
from institutions.filings.views.review import DECISION_UNREADABLE
from institutions.models import CalendarDay, Document, Filing, SectionReview
from institutions.register import services as register_services
from tests import factories
from tests.filing_helpers import (
    correction,
    doc_type,
    make_accepted_filing,
    make_draft_filing,
    make_filed_filing,
    make_submitted_filing,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r"^宝卫托备〔\d{4}〕\d{4}$")
LONG_AGO = datetime.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads of these tests land in a temporary directory, not in the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def zh(text) -> str:
    """A message as the portal's users see it (Chinese is the default language)."""
    with translation.override("zh-hans"):
        return str(text)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def submitted(institution, operator, *, today: datetime.date | None = None, kind: str = FilingKind.INITIAL) -> Filing:
    """A submitted filing; `today` in the past makes its deadline pass."""
    filing = make_draft_filing(institution, operator, kind=kind)
    return filings_services.submit_filing(filing=filing, by=operator, version=filing.version, today=today)


def rows_of(response) -> list[Filing]:
    return list(response.context["filings"])


def decide(client, filing: Filing, action: str, version: int | None = None, **data):
    payload = {"action": action, "version": filing.version if version is None else version, **data}
    return client.post(reverse("supervision:filing_decide", args=[filing.pk]), payload)


# --- Work list ----------------------------------------------------------------------------------


def test_official_sees_only_filings_of_their_jurisdiction(client, official, operator, institution, other_institution):
    own = make_submitted_filing(institution, operator)
    make_submitted_filing(other_institution, other_institution.memberships.get().user)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_worklist"))
    assert response.status_code == 200
    assert rows_of(response) == [own]
    assert other_institution.name not in response.content.decode()


def test_drafts_are_not_in_the_work_list(client, official, operator, institution):
    make_draft_filing(institution, operator)
    client.force_login(official)
    assert rows_of(client.get(reverse("supervision:filing_worklist"))) == []


def test_filters_by_status_kind_and_search_by_name_or_credit_code(client, official, operator, haibin, institution):
    a = make_submitted_filing(institution, operator)
    b_institution = factories.make_institution(operator=operator, jurisdiction=haibin, name="海滨彩虹托育园")
    b = make_submitted_filing(b_institution, operator)
    filings_services.accept_filing(filing=b, by=official, version=b.version)
    client.force_login(official)
    url = reverse("supervision:filing_worklist")

    assert rows_of(client.get(url, {"status": FilingStatus.SUBMITTED})) == [a]
    assert rows_of(client.get(url, {"status": FilingStatus.ACCEPTED})) == [b]
    assert rows_of(client.get(url, {"kind": FilingKind.CHANGE})) == []
    assert rows_of(client.get(url, {"q": b_institution.uscc.lower()})) == [b]
    assert rows_of(client.get(url, {"q": "彩虹"})) == [b]
    assert set(rows_of(client.get(url, {"category": institution.category}))) == {a, b}
    today = timezone.localdate().isoformat()
    assert set(rows_of(client.get(url, {"submitted_from": today, "submitted_to": today}))) == {a, b}
    assert rows_of(client.get(url, {"submitted_to": "2020-01-01"})) == []


def test_status_tabs_count_filings_in_one_row(client, official, operator, haibin, institution):
    make_submitted_filing(institution, operator)
    other = factories.make_institution(operator=operator, jurisdiction=haibin)
    accepted = make_submitted_filing(other, operator)
    filings_services.accept_filing(filing=accepted, by=official, version=accepted.version)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_worklist"))
    counts = {tab["value"]: tab["count"] for tab in response.context["tabs"]}
    assert counts[""] == 2
    assert counts[FilingStatus.SUBMITTED] == 1
    assert counts[FilingStatus.ACCEPTED] == 1
    assert counts[FilingStatus.FILED] == 0


def test_bad_filter_values_do_not_break_the_list(client, official, operator, institution):
    make_submitted_filing(institution, operator)
    client.force_login(official)
    response = client.get(
        reverse("supervision:filing_worklist"),
        {"submitted_from": "not-a-date", "status": "nonsense", "ordering": "password", "page": "x"},
    )
    assert response.status_code == 200


def test_overdue_filings_are_highlighted_and_can_be_filtered(client, official, operator, haibin, institution):
    late = submitted(institution, operator, today=LONG_AGO)
    fresh = make_submitted_filing(factories.make_institution(operator=operator, jurisdiction=haibin), operator)
    assert late.due_date < timezone.localdate()
    client.force_login(official)
    url = reverse("supervision:filing_worklist")

    response = client.get(url)
    html = response.content.decode()
    row = re.search(rf'<tr class="([^"]*)" data-filing="{late.pk}"', html)
    assert row and "overdue" in row.group(1) and "table-warning" in row.group(1)
    assert not re.search(rf'<tr class="[^"]*overdue[^"]*" data-filing="{fresh.pk}"', html)
    assert "overdue-badge" in html
    # The most urgent comes first.
    assert rows_of(response) == [late, fresh]
    assert response.context["counts"]["overdue"] == 1

    assert rows_of(client.get(url, {"overdue": "yes"})) == [late]
    assert rows_of(client.get(url, {"overdue": "no"})) == [fresh]


def test_rows_show_working_days_left(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    (row,) = rows_of(client.get(reverse("supervision:filing_worklist")))
    assert row.due_date == filing.due_date
    assert row.days_left > 0
    assert not row.overdue


def test_sorting_by_institution_name(client, official, operator, haibin):
    b = make_submitted_filing(
        factories.make_institution(operator=operator, jurisdiction=haibin, name="乙托育"), operator
    )
    a = make_submitted_filing(
        factories.make_institution(operator=operator, jurisdiction=haibin, name="甲托育"), operator
    )
    client.force_login(official)
    url = reverse("supervision:filing_worklist")
    names = [f.institution.name for f in rows_of(client.get(url, {"ordering": "institution"}))]
    assert names == sorted(names)
    assert rows_of(client.get(url, {"ordering": "-institution"})) == list(
        reversed(rows_of(client.get(url, {"ordering": "institution"})))
    )
    assert {a, b} == set(rows_of(client.get(url)))


def test_commission_sees_the_whole_district_and_opens_on_the_accepted_tab(
    client, commission, official, operator, institution, other_institution, other_official
):
    make_submitted_filing(institution, operator)
    other_operator = other_institution.memberships.get().user
    accepted = make_accepted_filing(other_institution, other_operator, other_official)
    client.force_login(commission)
    url = reverse("supervision:filing_worklist")
    response = client.get(url)
    assert response.context["current_tab"] == FilingStatus.ACCEPTED
    assert rows_of(response) == [accepted]
    assert len(rows_of(client.get(url, {"status": ""}))) == 2
    # The export link carries the tab in effect.
    assert f"{reverse('supervision:filing_export')}?status=accepted" in response.content.decode()


@pytest.fixture
def many_filings(request, operator, haibin):
    def build(n: int) -> None:
        for _ in range(n):
            make_submitted_filing(factories.make_institution(operator=operator, jurisdiction=haibin), operator)

    return build


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("name", ["supervision:filing_worklist", "supervision:filing_export"])
def test_query_count_does_not_grow_with_rows(client, official, many_filings, rows, name, django_assert_max_num_queries):
    many_filings(rows)
    # An overdue filing and a holiday in range make the deadline arithmetic do its real work.
    CalendarDay.objects.create(date=timezone.localdate() + datetime.timedelta(days=3), is_workday=False, name="测试")
    client.force_login(official)
    # Session, user, inbox badge, count, tab counts, rows, calendar overrides, jurisdiction choices, session save.
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name))
        # A streamed export runs its queries while the body is read: read it inside the count.
        body = response.getvalue() if name != "supervision:filing_worklist" else b""
    assert response.status_code == 200
    if name == "supervision:filing_worklist":
        assert response.context["page_obj"].paginator.count == rows
    else:
        assert len(body.decode("utf-8-sig").strip().splitlines()) == rows + 1


# --- Export -------------------------------------------------------------------------------------


def test_csv_export_has_a_bom_all_columns_and_only_rows_in_scope(
    client, official, operator, institution, other_institution
):
    make_submitted_filing(institution, operator)
    make_submitted_filing(other_institution, other_institution.memberships.get().user)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.getvalue()  # a streamed body can be read once
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 2
    header, row = rows
    assert len(header) == 11
    assert institution.name in row and institution.uscc in row
    assert other_institution.name not in body.decode("utf-8-sig")


def test_export_follows_the_filters(client, official, operator, haibin, institution):
    make_submitted_filing(institution, operator)
    accepted_institution = factories.make_institution(operator=operator, jurisdiction=haibin)
    make_accepted_filing(accepted_institution, operator, official)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_export"), {"status": FilingStatus.ACCEPTED})
    text = response.getvalue().decode("utf-8-sig")
    assert accepted_institution.name in text
    assert institution.name not in text
    # The work list's export link carries the filters in effect.
    page = client.get(reverse("supervision:filing_worklist"), {"status": FilingStatus.ACCEPTED})
    assert f"{reverse('supervision:filing_export')}?status=accepted" in page.content.decode()


def test_xlsx_export_opens_with_openpyxl(client, commission, official, operator, institution):
    filing = make_filed_filing(institution, operator, official, commission)
    client.force_login(commission)
    response = client.get(reverse("supervision:filing_export"), {"status": FilingStatus.FILED, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][0] == filing.receipt_number
    assert institution.uscc in values[1]


# --- Review page --------------------------------------------------------------------------------


def test_review_page_shows_snapshot_findings_documents_and_history(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    assert filing.findings, "the bare test institution breaks some standards"
    client.force_login(official)
    response = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert institution.uscc in html
    for section in Section:
        assert f'id="section-{section.value}"' in html
    assert html.count('class="list-group-item finding"') == len(filing.findings)
    documents = Document.objects.filter(filing=filing)
    for document in documents:
        assert reverse("institutions:document_preview", args=[document.pk]) in html
        assert reverse("institutions:document_download", args=[document.pk]) in html
    assert "<iframe" in html
    assert len(response.context["events"]) == filing.events.count()
    assert response.context["can_review"] is True
    assert response.context["can_acknowledge"] is False
    assert 'name="version"' in html and f'value="{filing.version}"' in html


def test_review_page_shows_an_image_document_inline(client, official, operator, institution):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.filing_helpers import png_bytes

    filing = make_draft_filing(institution, operator)
    photo = filings_services.upload_document(
        filing=filing,
        document_type=doc_type("other"),
        upload=SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png"),
        by=operator,
    )
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    client.force_login(official)
    html = client.get(reverse("supervision:filing_review", args=[filing.pk])).content.decode()
    preview = reverse("institutions:document_preview", args=[photo.pk])
    assert f'<img class="img-fluid border document-preview" src="{preview}"' in html


def test_review_of_a_change_filing_shows_the_diff(client, official, commission, operator, institution):
    make_filed_filing(institution, operator, official, commission)
    institution.refresh_from_db()
    register_services.update_institution(institution=institution, by=operator, principal_name="新负责人")
    filing = make_submitted_filing(institution, operator, kind=FilingKind.CHANGE)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert response.context["change"]["changed"]
    html = response.content.decode()
    assert 'id="change-diff"' in html
    assert "新负责人" in html and "李测试" in html


def test_resubmission_shows_what_changed_since_the_return(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    filings_services.return_filing(
        filing=filing, by=official, version=filing.version, reviews=correction("premises", "楼层不符")
    )
    register_services.update_institution(institution=institution, by=operator, floor=2)
    new = filings_services.upload_document(
        filing=filing, document_type=doc_type("premises_proof"), upload=pdf_upload(), by=operator
    )
    filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
    client.force_login(official)
    response = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert response.context["resubmitted"]
    html = response.content.decode()
    assert 'id="since-return"' in html
    premises = next(s for s in response.context["sections"] if s["key"] == Section.PREMISES)
    assert premises["since_return"]["facts"][0]["after"] == "2"
    assert premises["earlier"][0].comment == "楼层不符"
    assert [d.pk for d in response.context["new_documents"]] == [new.pk]
    assert f'href="#document-{new.pk}"' in html


# --- Decisions ----------------------------------------------------------------------------------


def test_official_accepts_and_the_commission_is_notified(client, official, commission, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    response = decide(client, filing, "accept", verdict_basic=Verdict.OK, verdict_staff=Verdict.OK)
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == FilingStatus.ACCEPTED
    assert Notification.objects.filter(recipient=commission).count() == 1
    assert set(SectionReview.objects.filter(filing=filing).values_list("section", flat=True)) == {"basic", "staff"}
    assert any(institution.name in m for m in messages_of(response))


def test_return_without_a_comment_is_refused_and_nothing_changes(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)

    response = decide(client, filing, "return")
    assert response.status_code == 200
    assert zh(RETURN_COMMENT_REQUIRED) in response.content.decode()

    response = decide(client, filing, "return", verdict_staff=Verdict.CORRECT, comment_basic="无关")
    assert response.status_code == 200
    label = Section.STAFF.label
    with translation.override("zh-hans"):
        assert str(COMMENT_REQUIRED % {"section": label}) in response.content.decode()
    # What the reviewer typed is still there.
    assert "无关" in response.content.decode()
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    assert not SectionReview.objects.filter(filing=filing).exists()


def test_return_with_comments_sends_the_filing_back(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    premises = doc_type("premises_proof")
    client.force_login(official)
    response = decide(
        client,
        filing,
        "return",
        verdict_staff=Verdict.CORRECT,
        comment_staff="保育人员不足",
        **{f"verdict_doc_{premises.pk}": Verdict.CORRECT, f"comment_doc_{premises.pk}": "租赁合同不足三年"},
        verdict_basic=Verdict.OK,
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == FilingStatus.RETURNED
    reviews = {(r.section, r.document_type_id): r for r in filing.section_reviews.all()}
    assert reviews[("staff", None)].comment == "保育人员不足"
    assert reviews[("", premises.pk)].verdict == Verdict.CORRECT
    assert reviews[("basic", None)].verdict == Verdict.OK


def test_reject_needs_reasons(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    response = decide(client, filing, "reject")
    assert zh(REJECT_REASON_REQUIRED) in response.content.decode()
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    decide(client, filing, "reject", reason="场地位于地下室")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.REJECTED
    assert filing.decision_reason == "场地位于地下室"


def test_accept_with_a_section_marked_for_correction_is_refused(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    response = decide(client, filing, "accept", verdict_staff=Verdict.CORRECT, comment_staff="缺保健人员")
    assert response.status_code == 200
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_a_stale_decision_is_refused_and_the_first_one_stands(client, official, haibin, operator, institution):
    second_official = factories.make_user(Role.OFFICIAL, jurisdiction=haibin)
    filing = make_submitted_filing(institution, operator)
    version_seen = filing.version
    client.force_login(official)
    assert decide(client, filing, "accept", version=version_seen).status_code == 302

    client.force_login(second_official)
    response = decide(client, filing, "return", version=version_seen, verdict_staff="correct", comment_staff="x")
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:filing_review", args=[filing.pk])
    filing.refresh_from_db()
    expected = zh(FILING_CHANGED % {"status": FilingStatus.ACCEPTED.label})
    assert expected in messages_of(response)
    assert filing.status == FilingStatus.ACCEPTED
    assert not SectionReview.objects.filter(filing=filing, by=second_official).exists()


@pytest.mark.parametrize(
    "payload",
    [{}, {"action": "explode", "version": "1"}, {"action": "accept", "version": "abc"}, {"action": "accept"}],
)
def test_unreadable_decisions_are_refused_without_an_error_page(client, official, operator, institution, payload):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    response = client.post(reverse("supervision:filing_decide", args=[filing.pk]), payload)
    assert response.status_code == 302
    assert zh(DECISION_UNREADABLE) in messages_of(response)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_decide_only_accepts_post(client, official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(official)
    assert client.get(reverse("supervision:filing_decide", args=[filing.pk])).status_code == 405


def test_commission_acknowledges_and_the_receipt_number_is_shown(client, commission, official, operator, institution):
    filing = make_accepted_filing(institution, operator, official)
    client.force_login(commission)
    page = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert page.context["can_acknowledge"] is True
    response = decide(client, filing, "acknowledge")
    assert response["Location"] == reverse("supervision:filing_review", args=[filing.pk])
    filing.refresh_from_db()
    assert filing.status == FilingStatus.FILED
    assert RECEIPT.match(filing.receipt_number)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert filing.receipt_number in html
    assert reverse("institutions:filing_receipt", args=[filing.pk]) in html


def test_commission_rejects_with_reasons(client, commission, official, operator, institution):
    filing = make_accepted_filing(institution, operator, official)
    client.force_login(commission)
    decide(client, filing, "reject", reason="材料与实际不符")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.REJECTED


def test_commission_cannot_take_the_officials_decision(client, commission, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(commission)
    page = client.get(reverse("supervision:filing_review", args=[filing.pk]))
    assert page.context["form"] is None
    response = decide(client, filing, "acknowledge")
    assert response.status_code == 302
    assert zh(filings_services.FILING_NOT_YOURS) in messages_of(response)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.DEPARTMENT, Role.ADMIN])
def test_other_roles_get_403_on_review_urls(client, users, operator, institution, role):
    filing = make_submitted_filing(institution, operator)
    client.force_login(users[role])
    assert client.get(reverse("supervision:filing_worklist")).status_code == 403
    assert client.get(reverse("supervision:filing_export")).status_code == 403
    assert client.get(reverse("supervision:filing_review", args=[filing.pk])).status_code == 403
    assert decide(client, filing, "accept").status_code == 403
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_an_official_of_another_jurisdiction_gets_404(client, other_official, operator, institution):
    filing = make_submitted_filing(institution, operator)
    client.force_login(other_official)
    assert client.get(reverse("supervision:filing_review", args=[filing.pk])).status_code == 404
    assert decide(client, filing, "accept").status_code == 404
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_workbench_pages_carry_no_inline_script_or_style(client, official, commission, operator, institution):
    filing = make_submitted_filing(institution, operator)
    pages = [
        (official, reverse("supervision:filing_worklist")),
        (official, reverse("supervision:filing_review", args=[filing.pk])),
        (commission, reverse("supervision:holiday_list")),
    ]
    for user, url in pages:
        client.force_login(user)
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\sstyle=\"", html), url


# --- Holiday table ------------------------------------------------------------------------------


def test_holiday_table_is_for_the_commission_only(client, official):
    client.force_login(official)
    assert client.get(reverse("supervision:holiday_list")).status_code == 403


def test_commission_adds_and_deletes_a_holiday(client, commission):
    client.force_login(commission)
    url = reverse("supervision:holiday_list")
    response = client.post(url, {"date": "2027-10-04", "name": "国庆节"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?year=2027"
    day = CalendarDay.objects.get(date=datetime.date(2027, 10, 4))
    assert day.is_workday is False
    assert day.history.first().history_user == commission

    page = client.get(url, {"year": 2027})
    assert 'data-date="2027-10-04"' in page.content.decode()

    duplicate = client.post(url, {"date": "2027-10-04", "is_workday": "on", "name": "调休"})
    assert duplicate.status_code == 200
    with translation.override("zh-hans"):
        expected = str(CALENDAR_DAY_EXISTS % {"date": datetime.date(2027, 10, 4), "entry": "国庆节"})
    assert expected in duplicate.content.decode()
    assert CalendarDay.objects.count() == 1

    response = client.post(reverse("supervision:holiday_delete", args=[day.pk]))
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()


def test_an_empty_holiday_form_is_shown_again_with_errors(client, commission):
    client.force_login(commission)
    response = client.post(reverse("supervision:holiday_list"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["date"]


def test_an_added_holiday_moves_a_deadline(client, commission):
    start = datetime.date(2027, 3, 1)  # a Monday of a year chinese-calendar does not know
    before = add_working_days(start, 5)
    assert before == datetime.date(2027, 3, 8)
    client.force_login(commission)
    client.post(reverse("supervision:holiday_list"), {"date": "2027-03-03", "name": "测试假日"})
    assert add_working_days(start, 5) == datetime.date(2027, 3, 9)
    # A 调休 Saturday worked brings it back.
    client.post(reverse("supervision:holiday_list"), {"date": "2027-03-06", "is_workday": "on", "name": "调休"})
    assert add_working_days(start, 5) == datetime.date(2027, 3, 8)


def test_holiday_page_says_whether_chinese_calendar_knows_the_year(client, commission):
    client.force_login(commission)
    url = reverse("supervision:holiday_list")
    known = client.get(url, {"year": 2025})
    assert known.context["known"] is True
    assert 'id="calendar-known"' in known.content.decode()
    assert known.context["schedule"]["holidays"]
    unknown = client.get(url, {"year": 2040})
    assert unknown.context["known"] is False
    assert 'id="calendar-unknown"' in unknown.content.decode()
    assert client.get(url, {"year": "abc"}).status_code == 200
