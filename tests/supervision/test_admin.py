"""The Django admin cannot bypass the locks of the workflows: published checklists and finished inspections."""

from __future__ import annotations

import pytest
from django.urls import reverse

from supervision.checklists.services import start_checklist_version
from supervision.choices import Outcome
from supervision.models import ChecklistTemplate, Inspection
from tests.builders.inspections import make_draft_inspection, make_finished_inspection
from tests.builders.register import make_imported_institution

pytestmark = pytest.mark.django_db


def _change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _checklist_post(template: ChecklistTemplate, *, text: str) -> dict:
    """The admin form of a checklist with the first item's text changed."""
    items = list(template.items.order_by("pk"))
    data = {
        "name": template.name,
        "version": template.version,
        "notes": template.notes,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    if template.is_current:
        data["is_current"] = "on"
    for i, item in enumerate(items):
        data.update(
            {
                f"items-{i}-id": item.pk,
                f"items-{i}-template": template.pk,
                f"items-{i}-category": item.category,
                f"items-{i}-position": item.position,
                f"items-{i}-text": text if i == 0 else item.text,
                f"items-{i}-text_en": item.text_en,
                f"items-{i}-source": item.source,
                f"items-{i}-rectification_days": item.rectification_days,
            }
        )
    return data


def test_a_published_checklist_is_read_only_in_the_admin(client, sysadmin):
    published = ChecklistTemplate.objects.filter(is_current=True).first()
    first = published.items.order_by("pk").first()
    client.force_login(sysadmin)

    page = client.get(_change_url(published))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert 'name="items-0-text"' not in page.content.decode()

    response = client.post(_change_url(published), _checklist_post(published, text="被管理员改掉的检查项"))
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.text != "被管理员改掉的检查项"


def test_a_draft_checklist_stays_editable_in_the_admin(client, sysadmin, commission):
    published = ChecklistTemplate.objects.filter(is_current=True).first()
    draft = start_checklist_version(template=published, by=commission)
    client.force_login(sysadmin)

    page = client.get(_change_url(draft))
    assert 'name="_save"' in page.content.decode()
    response = client.post(_change_url(draft), _checklist_post(draft, text="草稿中修改的检查项"))
    assert response.status_code == 302
    assert draft.items.order_by("pk").first().text == "草稿中修改的检查项"


def test_a_finished_inspection_and_its_outcomes_are_read_only_in_the_admin(
    client, sysadmin, operator, official, haibin
):
    institution = make_imported_institution(haibin, operator=operator)
    inspection = make_finished_inspection(institution, official, problems=1)
    client.force_login(sysadmin)

    page = client.get(_change_url(inspection))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert 'name="checks-0-outcome"' not in html

    response = client.post(_change_url(inspection), {"summary": "管理员改写", "_save": "Save"})
    assert response.status_code == 403
    delete = client.post(reverse("admin:supervision_inspection_delete", args=[inspection.pk]), {"post": "yes"})
    assert delete.status_code == 403
    inspection.refresh_from_db()
    assert inspection.summary != "管理员改写"
    assert inspection.checks.filter(outcome=Outcome.NON_COMPLIANT).count() == 1


def test_a_draft_inspection_can_still_be_opened_for_change_in_the_admin(client, sysadmin, operator, official, haibin):
    draft = make_draft_inspection(make_imported_institution(haibin, operator=operator), official)
    client.force_login(sysadmin)
    html = client.get(_change_url(draft)).content.decode()
    assert 'name="_save"' in html
    assert Inspection.objects.get(pk=draft.pk).status == "draft"
