"""The checklist of family childcare points (家庭托育点监督检查表): its own items, chosen when an inspection of a
家庭托育点 starts; the general checklist and its versions are not touched (issue 12 part 3)."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps as django_apps

from supervision.checklists import selectors as checklists_selectors
from supervision.checklists import services as checklists_services
from supervision.choices import FAMILY_CHECKLIST, GENERAL_CHECKLIST
from supervision.models import ChecklistTemplate
from tests.builders.filings import file_institution
from tests.builders.inspections import make_checklist_version, make_draft_inspection, make_finished_inspection
from tests.builders.register import make_family_point

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("supervision.migrations.0010_seed_family_checklist")
# A source names an article (第N条) or says that its article is still to be checked; never a bare chapter.
SOURCED = re.compile(r"第[一二三四五六七八九十百]+条|条款待核")


@pytest.fixture
def family_point(operator, haibin):
    return file_institution(make_family_point(operator=operator, jurisdiction=haibin), operator)


def test_the_family_checklist_is_seeded_with_items_written_for_family_points():
    template = checklists_selectors.current_template(FAMILY_CHECKLIST)
    assert template.version == 1
    items = list(template.items.all())
    texts = " ".join(i.text for i in items)
    for phrase in ("不超过5人", "最多看护3名", "90日", "其他业主的一致同意", "家庭托育服务", "精神病史", "疏散"):
        assert phrase in texts, phrase
    for item in items:
        assert item.text and item.text_en
        assert SOURCED.search(item.source), item.source
    # Nothing of an institution building: no 保安, no 保健人员, no floor rule.
    for phrase in ("保安", "保健人员", "首层至三层"):
        assert phrase not in texts


def test_an_inspection_of_a_family_point_starts_on_the_family_checklist(family_point, filed, official):
    inspection = make_draft_inspection(family_point, official)
    assert inspection.template == checklists_selectors.current_template(FAMILY_CHECKLIST)
    assert inspection.checks.count() == inspection.template.items.count()
    other = make_draft_inspection(filed, official)
    assert other.template.name == GENERAL_CHECKLIST


def test_a_new_general_version_leaves_the_family_checklist_alone(family_point, official, commission):
    old = make_finished_inspection(family_point, official, problems=1)
    general = checklists_selectors.current_template()
    make_checklist_version(list(general.items.all()[:3]), commission)
    assert checklists_selectors.current_template().version == general.version + 1
    family = checklists_selectors.current_template(FAMILY_CHECKLIST)
    assert family.version == 1
    assert make_draft_inspection(family_point, official).template == family
    old.refresh_from_db()
    assert old.template == family


def test_the_commission_versions_the_family_checklist_on_its_own(family_point, official, commission):
    general = checklists_selectors.current_template()
    family = checklists_selectors.current_template(FAMILY_CHECKLIST)
    draft = checklists_services.start_checklist_version(template=family, by=commission)
    assert draft.name == FAMILY_CHECKLIST and draft.version == 2
    assert draft.items.count() == family.items.count()
    checklists_services.add_checklist_item(
        template=draft, by=commission, category="safety", text="住宅窗户设有防坠落防护", source="条款待核"
    )
    checklists_services.publish_checklist(template=draft, by=commission)
    assert checklists_selectors.current_template(FAMILY_CHECKLIST).version == 2
    assert checklists_selectors.current_template() == general  # the general checklist did not move
    assert make_draft_inspection(family_point, official).template == draft


def test_the_family_checklist_seed_can_be_reversed_and_applied_again():
    SEED.unseed(django_apps, None)
    assert not ChecklistTemplate.objects.filter(name=FAMILY_CHECKLIST).exists()
    assert ChecklistTemplate.objects.filter(name=GENERAL_CHECKLIST).exists()
    SEED.seed(django_apps, None)
    SEED.seed(django_apps, None)  # idempotent
    assert ChecklistTemplate.objects.get(name=FAMILY_CHECKLIST).items.count() == len(SEED.ITEMS)
