"""The checklist (监督检查表): the seeded version, and the commission's new versions, which old inspections never
follow (issue 4 §1)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from baodi_care.accounts.choices import Role
from supervision.checklists import selectors as checklists_selectors
from supervision.checklists import services as checklists_services
from supervision.choices import DEFAULT_RECTIFICATION_DAYS, GENERAL_CHECKLIST, CheckCategory
from supervision.inspections import services as inspections_services
from supervision.models import ChecklistItem, ChecklistTemplate, InspectionFrequency
from tests.builders.inspections import make_draft_inspection, make_finished_inspection
from tests.pages import zh

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("supervision.migrations.0002_seed_checklists")


# --- Seed -----------------------------------------------------------------------------------------------


def test_the_seeded_checklist_has_at_least_40_items_over_the_11_categories():
    # Version 1 as seeded (version 2, issue 12, is current now: tests/supervision/checklists/test_checklist_v2.py).
    template = ChecklistTemplate.objects.get(name="托育机构监督检查表", version=1)
    items = list(template.items.all())
    assert len(items) >= 44
    by_category = {c.value: [i for i in items if i.category == c.value] for c in CheckCategory}
    assert all(len(rows) >= 3 for rows in by_category.values()), {k: len(v) for k, v in by_category.items()}
    for item in items:
        assert item.text and item.text_en and item.source
        assert item.rectification_days == DEFAULT_RECTIFICATION_DAYS[item.category]
    texts = " ".join(i.text for i in items)
    for phrase in ("90日", "一键式报警", "晨午检", "每年健康检查", "疏散通道", "48小时", "125克", "预收费不超过3个月"):
        assert phrase in texts, phrase
    # The migration keeps its own frozen copy of the deadlines; it must agree with the code's.
    assert {k: v for k, v in SEED.RECTIFICATION_DAYS.items()} == {
        k.value: v for k, v in DEFAULT_RECTIFICATION_DAYS.items()
    }


def test_the_district_inspects_twice_a_year_by_default():
    default = InspectionFrequency.objects.get(category="", institution__isnull=True)
    assert default.per_year == 2


def test_the_seed_can_be_reversed_and_applied_again():
    SEED.unseed(django_apps, None)  # every version of the checklist goes with it
    assert not ChecklistTemplate.objects.filter(name=SEED.CHECKLIST_NAME).exists()
    assert not InspectionFrequency.objects.exists()
    SEED.seed(django_apps, None)
    SEED.seed(django_apps, None)  # idempotent
    assert ChecklistTemplate.objects.get(name=SEED.CHECKLIST_NAME).items.count() == len(SEED.ITEMS)
    assert InspectionFrequency.objects.count() == 1


# --- Checklist versions ---------------------------------------------------------------------------------


def test_a_new_version_copies_the_items_and_old_inspections_keep_their_own(filed, official, commission):
    v1 = checklists_selectors.current_template()  # the current version, whichever number it has
    old = make_finished_inspection(filed, official, problems=1)
    fire_item = v1.items.filter(category=CheckCategory.FIRE).first()
    old_text = fire_item.text

    draft = checklists_services.start_checklist_version(template=v1, by=commission)
    assert draft.version == v1.version + 1 and not draft.is_current and checklists_selectors.is_draft(draft)
    assert draft.items.count() == v1.items.count()
    # A second click opens the same draft.
    assert checklists_services.start_checklist_version(template=v1, by=commission) == draft

    copy = draft.items.get(text=old_text)
    checklists_services.update_checklist_item(
        item=copy, by=commission, text="灭火器每月检查并有记录", rectification_days=2
    )
    checklists_services.add_checklist_item(
        template=draft, by=commission, category=CheckCategory.FIRE, text="厨房配备灭火毯", text_en="Fire blanket",
        source="消防法", rectification_days=3,
    )  # fmt: skip
    checklists_services.delete_checklist_item(
        item=draft.items.filter(category=CheckCategory.NUTRITION).first(), by=commission
    )
    checklists_services.publish_checklist(template=draft, by=commission, notes="消防项目调整")

    v1.refresh_from_db()
    draft.refresh_from_db()
    assert draft.is_current and not v1.is_current and draft.notes == "消防项目调整"
    # The old inspection still points at the version it used and its unchanged items.
    old.refresh_from_db()
    assert old.template == v1
    assert ChecklistItem.objects.get(pk=fire_item.pk).text == old_text
    assert set(old.checks.values_list("item__template", flat=True)) == {v1.pk}
    # A new inspection uses version 2.
    new = make_draft_inspection(filed, official)
    assert new.template == draft
    assert new.checks.filter(item__text="厨房配备灭火毯").exists()
    assert new.checks.count() == v1.items.count()  # one added, one deleted


def test_published_and_superseded_versions_cannot_be_edited(commission):
    v1 = checklists_selectors.current_template()
    item = v1.items.first()
    with pytest.raises(inspections_services.InspectionError) as exc:
        checklists_services.update_checklist_item(item=item, by=commission, text="改")
    assert exc.value.messages == [zh(checklists_services.CHECKLIST_NOT_DRAFT)]
    with pytest.raises(inspections_services.InspectionError):
        checklists_services.delete_checklist_item(item=item, by=commission)
    with pytest.raises(inspections_services.InspectionError):
        checklists_services.publish_checklist(template=v1, by=commission)
    draft = checklists_services.start_checklist_version(template=v1, by=commission)
    checklists_services.publish_checklist(template=draft, by=commission)
    with pytest.raises(inspections_services.InspectionError):
        checklists_services.add_checklist_item(template=v1, by=commission, category=CheckCategory.FIRE, text="x")


def test_an_empty_draft_cannot_be_published_and_a_draft_can_be_discarded(commission):
    current = checklists_selectors.current_template()
    draft = checklists_services.start_checklist_version(template=current, by=commission)
    for item in list(draft.items.all()):
        checklists_services.delete_checklist_item(item=item, by=commission)
    with pytest.raises(inspections_services.InspectionError) as exc:
        checklists_services.publish_checklist(template=draft, by=commission)
    assert exc.value.messages == [zh(checklists_services.CHECKLIST_EMPTY)]
    checklists_services.discard_checklist_draft(template=draft, by=commission)
    assert not ChecklistTemplate.objects.filter(pk=draft.pk).exists()
    assert checklists_selectors.current_template() == current


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.OPERATOR, Role.DEPARTMENT])
def test_only_the_commission_configures_checklists(users, role):
    with pytest.raises(PermissionDenied):
        checklists_services.start_checklist_version(template=checklists_selectors.current_template(), by=users[role])


def test_the_commission_edits_a_new_version_in_the_browser(client, commission):
    client.force_login(commission)
    v1 = checklists_selectors.current_template()
    response = client.post(reverse("supervision:checklist_new_version", args=[v1.pk]))
    draft = ChecklistTemplate.objects.get(version=v1.version + 1)
    assert response.status_code == 302 and response["Location"] == reverse(
        "supervision:checklist_detail", args=[draft.pk]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200 and b'id="add-item"' in page.content
    # An incomplete item is refused on the page, with nothing saved.
    response = client.post(reverse("supervision:checklist_item_add", args=[draft.pk]), {"category": "fire"})
    assert response.status_code == 200 and response.context["item_form"].errors
    data = {
        "category": "fire",
        "text": "配备防烟面罩",
        "text_en": "Smoke hoods",
        "source": "消防法",
        "rectification_days": 3,
    }
    assert client.post(reverse("supervision:checklist_item_add", args=[draft.pk]), data).status_code == 302
    item = draft.items.get(text="配备防烟面罩")
    assert item.position > 0
    edit = reverse("supervision:checklist_item_edit", args=[item.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**data, "text": "配备防烟面罩并在有效期内", "position": ""}).status_code == 302
    item.refresh_from_db()
    assert item.text == "配备防烟面罩并在有效期内"
    response = client.post(reverse("supervision:checklist_publish", args=[draft.pk]), {"notes": "新增防烟面罩"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_current
    listing = client.get(reverse("supervision:checklist_list"))
    general = [t for t in listing.context["templates"] if t.name == GENERAL_CHECKLIST]
    assert [t.state for t in general] == ["current"] + ["superseded"] * v1.version
