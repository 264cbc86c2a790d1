"""Rectifications (整改): the operator's answer, the official's verification, overdue flags and the ledger
(issue 4 §3)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.models import Notification
from supervision.choices import CheckCategory, Outcome, RectificationStatus
from supervision.inspections import services as inspections_services
from supervision.models import EvidenceFile, Rectification, RectificationEvent
from supervision.rectifications import services as rectifications_services
from supervision.rectifications.selectors import overdue_q, rectification_ledger
from tests.builders.files import pdf_upload, png_upload
from tests.builders.inspections import answer_all, make_draft_inspection
from tests.builders.rectifications import (
    answer,
    make_answered_rectification,
    make_open_rectification,
    make_overdue_rectification,
)
from tests.pages import messages_of, zh

pytestmark = pytest.mark.django_db

RESPONSE = "已清理安全出口杂物，并指定专人每日巡查"


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


# --- The operator answers ---------------------------------------------------------------------------------


def test_the_operator_answers_with_text_and_evidence(official, operator, filed):
    rectification = make_open_rectification(filed, official)
    answer(rectification, operator, response=RESPONSE, uploads=[png_upload("after.png"), pdf_upload("record.pdf")])
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.ANSWERED and rectification.version == 2
    assert rectification.response == RESPONSE and rectification.answered_at
    files = list(rectification.evidence.all())
    assert [f.original_name for f in files] == ["after.png", "record.pdf"]
    assert all(f.uploaded_by == operator and f.item_check is None for f in files)
    event = RectificationEvent.objects.get(rectification=rectification, action="answer")
    assert (event.from_status, event.to_status, event.by) == ("open", "answered", operator)
    assert Notification.objects.filter(recipient=official, url=rectification.get_absolute_url()).exists()


def test_an_answer_needs_a_description_and_evidence(official, operator, filed):
    rectification = make_open_rectification(filed, official)
    with pytest.raises(inspections_services.InspectionError) as exc:
        answer(rectification, operator, response="  ")
    assert exc.value.messages == [zh(rectifications_services.RESPONSE_REQUIRED)]
    with pytest.raises(inspections_services.InspectionError) as exc:
        answer(rectification, operator, uploads=[])
    assert exc.value.messages == [zh(rectifications_services.EVIDENCE_REQUIRED)]
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.OPEN and rectification.version == 1


def test_disguised_evidence_is_refused_and_nothing_is_saved(official, operator, filed):
    rectification = make_open_rectification(filed, official)
    html = SimpleUploadedFile("fixed.png", b"\x89PNG\r\n\x1a\n<html><body>hi</body></html>" + b" " * 80)
    with pytest.raises(ValidationError):
        answer(rectification, operator, uploads=[png_upload(), html])
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.OPEN
    assert not EvidenceFile.objects.filter(rectification=rectification).exists()


# --- The official decides ---------------------------------------------------------------------------------


def test_the_official_verifies_and_closes(official, operator, filed):
    rectification = make_answered_rectification(filed, official, operator)
    rectifications_services.verify_rectification(
        rectification=rectification, by=official, version=rectification.version, note="已现场复核"
    )
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.VERIFIED and rectification.verified_at
    assert rectification.verification_note == "已现场复核"
    assert not rectification.is_overdue(timezone.localdate() + datetime.timedelta(days=365))
    assert Notification.objects.filter(recipient=operator, url=rectification.get_absolute_url()).exists()
    actions = list(rectification.events.values_list("action", flat=True))
    assert actions == ["open", "answer", "verify"]


def test_the_official_sends_it_back_with_a_reason_and_maybe_a_new_deadline(official, operator, filed):
    rectification = make_answered_rectification(filed, official, operator)
    with pytest.raises(inspections_services.InspectionError) as exc:
        rectifications_services.send_back_rectification(
            rectification=rectification, by=official, version=rectification.version, note=""
        )
    assert exc.value.messages == [zh(rectifications_services.SEND_BACK_NOTE_REQUIRED)]
    with pytest.raises(inspections_services.InspectionError):
        rectifications_services.send_back_rectification(
            rectification=rectification,
            by=official,
            version=rectification.version,
            note="照片不清",
            deadline=days_ago(1),
        )
    new_deadline = timezone.localdate() + datetime.timedelta(days=10)
    rectifications_services.send_back_rectification(
        rectification=rectification, by=official, version=rectification.version, note="照片不清", deadline=new_deadline
    )
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.OPEN and rectification.deadline == new_deadline
    assert rectification.verification_note == "照片不清"
    # The operator answers again; earlier evidence still counts.
    rectifications_services.answer_rectification(
        rectification=rectification, by=operator, version=rectification.version, response="已重新拍照", uploads=[]
    )
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.ANSWERED
    assert list(rectification.events.values_list("action", flat=True)) == ["open", "answer", "send_back", "answer"]


def test_forbidden_transitions_are_refused(official, operator, other_official, other_operator, commission, filed):
    rectification = make_open_rectification(filed, official)
    # Not yet answered: nothing to verify or send back.
    with pytest.raises(inspections_services.InspectionError) as exc:
        rectifications_services.verify_rectification(
            rectification=rectification, by=official, version=rectification.version
        )
    assert "“" in exc.value.messages[0]
    with pytest.raises(inspections_services.InspectionError):
        rectifications_services.send_back_rectification(rectification=rectification, by=official, version=1, note="x")
    # Only the institution's operators answer; only the jurisdiction's officials verify.
    for user in (other_operator, official, commission):
        with pytest.raises(inspections_services.InspectionError) as exc:
            answer(rectification, user)
        assert exc.value.messages == [zh(rectifications_services.RECTIFICATION_NOT_YOURS)]
    answer(rectification, operator)
    rectification.refresh_from_db()
    with pytest.raises(inspections_services.InspectionError):
        answer(rectification, operator)  # answered already
    for user in (other_official, operator, commission):
        with pytest.raises(inspections_services.InspectionError) as exc:
            rectifications_services.verify_rectification(
                rectification=rectification, by=user, version=rectification.version
            )
        assert exc.value.messages == [zh(rectifications_services.RECTIFICATION_NOT_YOURS)]
    rectifications_services.verify_rectification(
        rectification=rectification, by=official, version=rectification.version
    )
    with pytest.raises(inspections_services.InspectionError):
        rectifications_services.send_back_rectification(
            rectification=rectification, by=official, version=rectification.version, note="x"
        )


def test_a_stale_page_is_refused(official, operator, filed):
    rectification = make_answered_rectification(filed, official, operator)
    stale = rectification.version
    rectifications_services.verify_rectification(rectification=rectification, by=official, version=stale)
    fresh = Rectification.objects.get(pk=rectification.pk)
    with pytest.raises(rectifications_services.StaleRectificationError):
        rectifications_services.send_back_rectification(rectification=fresh, by=official, version=stale, note="再看看")
    # Two officials holding the same page: the second loses, whatever the object in memory says.
    other = make_answered_rectification(filed, official, operator)
    first, second = Rectification.objects.get(pk=other.pk), Rectification.objects.get(pk=other.pk)
    rectifications_services.verify_rectification(rectification=first, by=official, version=first.version)
    with pytest.raises(rectifications_services.StaleRectificationError):
        rectifications_services.send_back_rectification(
            rectification=second, by=official, version=second.version, note="x"
        )
    with pytest.raises(rectifications_services.StaleRectificationError):
        rectifications_services.verify_rectification(rectification=second, by=official, version="not a number")


# --- Overdue ----------------------------------------------------------------------------------------------


def test_open_rectifications_past_their_deadline_are_overdue(official, operator, filed):
    late = make_overdue_rectification(filed, official)
    assert late.deadline < timezone.localdate() and late.is_overdue()
    on_time = make_open_rectification(filed, official)
    assert not on_time.is_overdue()
    # The ledger's condition (what its overdue filter and count use) agrees with is_overdue().
    ledger = rectification_ledger(user=official)
    assert list(ledger.filter(overdue_q(timezone.localdate()))) == [late]
    assert ledger.filter(status=RectificationStatus.OPEN).count() == 2
    # Once answered it waits for the official, not the operator: no longer overdue.
    answer(late, operator)
    late.refresh_from_db()
    assert not late.is_overdue()


def test_the_ledger_highlights_and_filters_overdue_items(client, official, filed):
    late = make_overdue_rectification(filed, official)
    on_time = make_open_rectification(filed, official)
    client.force_login(official)
    url = reverse("supervision:rectification_ledger")
    response = client.get(url)
    html = response.content.decode()
    assert f'class="overdue table-danger" data-rectification="{late.pk}"' in html
    assert f'class="" data-rectification="{on_time.pk}"' in html
    assert response.context["counts"]["overdue"] == 1
    assert [r.pk for r in client.get(url, {"overdue": "yes"}).context["rectifications"]] == [late.pk]
    assert [r.pk for r in client.get(url, {"overdue": "no"}).context["rectifications"]] == [on_time.pk]


def test_the_ledger_filters_by_status_and_category(client, official, operator, filed):
    inspection = make_draft_inspection(filed, official)
    answer_all(inspection, official)
    fire = inspection.checks.filter(item__category=CheckCategory.FIRE).first()
    food = inspection.checks.filter(item__category=CheckCategory.FOOD).first()
    inspections_services.update_inspection(
        inspection=inspection, by=official,
        answers=[{"check": c, "outcome": Outcome.NON_COMPLIANT, "note": "问题"} for c in (fire, food)],
    )  # fmt: skip
    inspections_services.finish_inspection(inspection=inspection, by=official)
    answer(Rectification.objects.get(item_check=food), operator)
    client.force_login(official)
    url = reverse("supervision:rectification_ledger")
    rows = client.get(url, {"category": CheckCategory.FIRE}).context["rectifications"]
    assert [r.item_check_id for r in rows] == [fire.pk]
    rows = client.get(url, {"status": RectificationStatus.ANSWERED}).context["rectifications"]
    assert [r.item_check_id for r in rows] == [food.pk]


# --- Scope ------------------------------------------------------------------------------------------------


def test_the_ledger_is_scoped_to_the_jurisdiction(
    client, official, other_official, operator, other_operator, commission, department, filed, other_filed, baoping
):
    own = make_open_rectification(filed, official)
    other = make_open_rectification(other_filed, other_official)
    url = reverse("supervision:rectification_ledger")
    client.force_login(official)
    assert [r.pk for r in client.get(url).context["rectifications"]] == [own.pk]
    assert client.get(reverse("supervision:rectification_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("supervision:institution_ledger", args=[other_filed.pk])).status_code == 404
    client.force_login(operator)
    assert [r.pk for r in client.get(url).context["rectifications"]] == [own.pk]
    assert client.get(reverse("supervision:rectification_detail", args=[other.pk])).status_code == 404
    client.force_login(commission)
    assert {r.pk for r in client.get(url).context["rectifications"]} == {own.pk, other.pk}
    filtered = client.get(url, {"jurisdiction": baoping.pk}).context["rectifications"]
    assert [r.pk for r in filtered] == [other.pk]
    # Member departments read the register and the inspections they join, not rectifications (DESIGN §1).
    client.force_login(department)
    assert client.get(url).status_code == 403
    assert client.get(reverse("supervision:rectification_detail", args=[own.pk])).status_code == 403
    assert not Rectification.objects.for_user(department).exists()


def test_the_institution_ledger_shows_its_inspections_rectifications_and_plan(client, official, operator, filed):
    rectification = make_overdue_rectification(filed, official)
    client.force_login(operator)
    response = client.get(reverse("supervision:institution_ledger", args=[filed.pk]))
    assert response.status_code == 200
    assert [r.pk for r in response.context["rectifications"]] == [rectification.pk]
    assert len(response.context["inspections"]) == 1
    assert response.context["plan"].per_year == 2
    assert response.context["counts"]["overdue"] == 1
    assert not response.context["can_inspect"]
    client.force_login(official)
    assert client.get(reverse("supervision:institution_ledger", args=[filed.pk])).context["can_inspect"]


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("name", ["supervision:rectification_ledger", "supervision:institution_ledger"])
def test_ledger_query_count_does_not_grow(client, official, operator, filed, rows, name, django_assert_max_num_queries):
    inspection = make_draft_inspection(filed, official)
    answer_all(inspection, official, problems=rows)
    inspections_services.finish_inspection(inspection=inspection, by=official)
    url = reverse(name) if name == "supervision:rectification_ledger" else reverse(name, args=[filed.pk])
    client.force_login(official)
    # Ledger: session, user, the second factor's device, count, rows, tab counts, inbox badge, jurisdiction choices,
    # session save (+ savepoint).
    # The institution's page adds the institution, its inspections, its plan and the frequency rules.
    with django_assert_max_num_queries(11 if name == "supervision:rectification_ledger" else 15):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["counts"]["all"] == rows


# --- Pages ------------------------------------------------------------------------------------------------


def test_answer_and_verify_through_the_pages(client, official, operator, filed):
    rectification = make_open_rectification(filed, official, photo=True)
    detail = reverse("supervision:rectification_detail", args=[rectification.pk])
    client.force_login(operator)
    page = client.get(detail).content.decode()
    assert 'id="answer-form"' in page and "multiple" in page and 'id="decision-form"' not in page
    assert "evidence/" in page  # the inspector's photo is shown to the operator
    # An empty answer comes back on the page with the reason; nothing is saved.
    response = client.post(
        reverse("supervision:rectification_answer", args=[rectification.pk]), {"version": 1, "response": ""}
    )
    assert response.status_code == 200 and response.context["answer_form"].errors
    response = client.post(
        reverse("supervision:rectification_answer", args=[rectification.pk]),
        {"version": 1, "response": "已整改", "files": [png_upload("a.png"), png_upload("b.png")]},
    )
    assert response.status_code == 302 and response["Location"] == detail
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.ANSWERED and rectification.evidence.count() == 2

    client.force_login(official)
    page = client.get(detail).content.decode()
    assert 'id="decision-form"' in page and 'id="answer-form"' not in page
    decide = reverse("supervision:rectification_decide", args=[rectification.pk])
    response = client.post(decide, {"version": rectification.version, "action": "send_back", "note": ""})
    assert response.status_code == 302
    assert zh(rectifications_services.SEND_BACK_NOTE_REQUIRED) in messages_of(response)
    response = client.post(decide, {"version": rectification.version, "action": "verify", "note": "复核通过"})
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.VERIFIED
    # A second click on the same page is told the rectification changed.
    response = client.post(decide, {"version": 2, "action": "verify"})
    assert any("“" in m for m in messages_of(response))


def test_evidence_of_a_rectification_is_served_to_the_right_people(client, official, operator, other_operator, filed):
    rectification = make_answered_rectification(filed, official, operator)
    evidence = rectification.evidence.get()
    client.force_login(official)
    assert client.get(reverse("supervision:evidence_preview", args=[evidence.pk])).status_code == 200
    client.force_login(other_operator)
    assert client.get(reverse("supervision:evidence_download", args=[evidence.pk])).status_code == 404
