"""The quality assessment's indicator template (WS/T 821—2023): the seeded first version, which holds only what could
be confirmed and says what could not, the commission completing and publishing it, and later versions that leave
earlier ones as they were."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from baodi_care.accounts.choices import Role
from supervision.choices import QUALITY_AREA_POINTS, QualityArea
from supervision.models import QualityIndicator, QualityTemplate
from supervision.quality import selectors, services
from tests.builders.quality import complete_indicators

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("supervision.migrations.0013_seed_quality_template")


def seeded() -> QualityTemplate:
    return QualityTemplate.objects.get(version=1)


# --- The seed -------------------------------------------------------------------------------------------------


def test_the_seed_is_a_draft_of_confirmed_clauses_with_every_value_left_to_confirm():
    template = seeded()
    assert not template.is_current and selectors.is_draft(template)
    indicators = list(template.indicators.all())
    assert len(indicators) == len(SEED.INDICATORS) == 15
    assert all(i.needs_confirmation and i.points is None and not i.is_veto for i in indicators)
    assert {i.clause for i in indicators} >= {"4.1.4", "5.1.6", "9.4.3", "9.7.1", "10.4"}
    # The areas and their points are the standard's: 1,000 in all.
    assert sum(QUALITY_AREA_POINTS.values()) == 1000
    assert QUALITY_AREA_POINTS[QualityArea.HEALTH] == 210 and QUALITY_AREA_POINTS[QualityArea.MANAGEMENT] == 70


def test_the_seed_can_be_reversed_and_applied_again():
    SEED.unseed(django_apps, None)
    assert not QualityTemplate.objects.exists()
    SEED.seed(django_apps, None)
    SEED.seed(django_apps, None)  # idempotent
    assert seeded().indicators.count() == len(SEED.INDICATORS)


def test_the_template_page_shows_what_needs_confirmation_and_the_totals(client, official):
    client.force_login(official)
    with translation.override("zh-hans"):
        html = client.get(reverse("supervision:quality_template_detail", args=[seeded().pk])).content.decode()
    assert 'id="needs-confirmation"' in html
    assert "待依标准原文核定" in html  # each indicator says what to confirm
    assert html.index("9.7.1") < html.index("10.4")  # clauses in the standard's order, not as text
    areas = html.split('id="area-totals"')[1].split("</table>")[0]
    assert areas.count("<tr data-area=") == 7
    assert ">1000<" in areas and ">210<" in areas
    assert "16" in html.split('id="veto-total"')[1].split("</span>")[0]  # 0 of the standard's 16
    assert 'id="add-indicator"' not in html  # an official reads it; only the commission changes it


def test_the_unconfirmed_seed_is_not_published(commission):
    with translation.override("zh-hans"), pytest.raises(services.QualityTemplateError) as refused:
        services.publish_quality_template(template=seeded(), by=commission)
    with translation.override("zh-hans"):
        assert "4.1.4" in refused.value.messages[0] and "10.4" in refused.value.messages[0]
    assert not seeded().is_current


# --- Completing and publishing ----------------------------------------------------------------------------------


def test_an_area_that_does_not_add_up_is_named_and_nothing_is_published(commission):
    complete_indicators(seeded(), commission, short_area=QualityArea.CARE)
    with translation.override("zh-hans"), pytest.raises(services.QualityTemplateError) as refused:
        services.publish_quality_template(template=seeded(), by=commission)
    with translation.override("zh-hans"):
        message = refused.value.messages[0]
        assert str(QualityArea.CARE.label) in message and "199" in message and "200" in message
        assert str(QualityArea.HEALTH.label) not in message
    assert not seeded().is_current


def test_the_commission_completes_and_publishes_then_a_new_version_leaves_the_first_alone(commission):
    first = seeded()
    complete_indicators(first, commission)
    services.publish_quality_template(template=first, by=commission, notes="分值依标准原文核定")
    first.refresh_from_db()
    assert first.is_current and not selectors.is_draft(first)
    summary = selectors.template_summary(first)
    assert summary["summed"] == 1000 and all(a["complete"] for a in summary["areas"])
    # Published: no more changes to it.
    with pytest.raises(services.QualityTemplateError):
        services.update_indicator(indicator=first.indicators.first(), by=commission, text="改")
    # A new version copies it; its changes stay in the draft.
    draft = services.start_quality_version(template=first, by=commission)
    assert services.start_quality_version(template=first, by=commission) == draft  # one draft, not two
    assert draft.version == 2 and draft.indicators.count() == first.indicators.count()
    changed = draft.indicators.get(clause="5.1.6")
    services.update_indicator(indicator=changed, by=commission, is_veto=True, text="工作人员无犯罪记录")
    assert first.indicators.get(clause="5.1.6").text == "工作人员持无犯罪记录证明"
    assert not first.indicators.get(clause="5.1.6").is_veto
    services.discard_quality_draft(template=draft, by=commission)
    assert list(QualityTemplate.objects.values_list("version", flat=True)) == [1]


def test_the_first_version_is_not_discarded(commission):
    with pytest.raises(services.QualityTemplateError):
        services.discard_quality_draft(template=seeded(), by=commission)
    assert QualityTemplate.objects.filter(version=1).exists()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.OFFICIAL, Role.DEPARTMENT, Role.ADMIN, Role.AUDITOR])
def test_only_the_commission_keeps_the_indicators(users, role):
    indicator = seeded().indicators.first()
    with pytest.raises(PermissionDenied):
        services.update_indicator(indicator=indicator, by=users[role], points=Decimal(5))
    with pytest.raises(PermissionDenied):
        services.start_quality_version(template=seeded(), by=users[role])


def test_the_commission_edits_the_draft_in_the_browser(client, commission):
    client.force_login(commission)
    template = seeded()
    add = reverse("supervision:quality_indicator_add", args=[template.pk])
    response = client.post(add, {"area": "care", "clause": "6.1.1"})  # no text, no evidence method
    assert response.status_code == 200 and response.context["indicator_form"].errors
    assert template.indicators.count() == len(SEED.INDICATORS)
    data = {"area": "care", "clause": "6.1.1", "text": "按婴幼儿月龄制定一日生活安排", "points": "5",
            "evidence": "observation", "position": ""}  # fmt: skip
    assert client.post(add, data).status_code == 302
    indicator = template.indicators.get(clause="6.1.1")
    assert indicator.points == 5 and not indicator.needs_confirmation
    edit = reverse("supervision:quality_indicator_edit", args=[indicator.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**data, "points": "6", "is_veto": "on"}).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.points, indicator.is_veto) == (6, True)
    response = client.post(reverse("supervision:quality_template_publish", args=[template.pk]), follow=True)
    assert not seeded().is_current
    assert any("4.1.4" in str(m) for m in response.context["messages"])  # why it was refused


def test_the_template_page_runs_in_the_same_queries_for_5_and_50_indicators(client, commission):
    template = seeded()
    client.force_login(commission)
    url = reverse("supervision:quality_template_detail", args=[template.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    QualityIndicator.objects.filter(template=template).exclude(
        pk__in=list(template.indicators.values_list("pk", flat=True)[:5])
    ).delete()
    five = queries()
    for n in range(45):
        services.add_indicator(
            template=template, by=commission, area=list(QualityArea)[n % 7], clause=f"6.{n}.1", text=f"指标{n}",
            evidence="records",
        )  # fmt: skip
    assert template.indicators.count() == 50
    assert queries() == five
