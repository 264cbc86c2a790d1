"""Checklist versions and inspections: a draft, answered, finished (each problem opening a rectification)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baodi_care.accounts.models import User
from institutions.models import Institution
from supervision.checklists import selectors as checklists_selectors
from supervision.checklists import services as checklists_services
from supervision.choices import InspectionKind, InspectionMode, Outcome
from supervision.inspections import services as inspections_services
from supervision.models import ChecklistItem, ChecklistTemplate, Inspection
from tests.builders.accounts import official_of
from tests.builders.files import png_upload

# What the inspector notes of each problem answer_all records (internal: never on a public page).
PROBLEM_NOTE = "消防通道堆放杂物"


def make_checklist_version(items: list[ChecklistItem], by: User) -> ChecklistTemplate:
    """The commission publishes a new version of the checklist holding copies of just these items, in this order."""
    draft = checklists_services.start_checklist_version(template=checklists_selectors.current_template(), by=by)
    for old in list(draft.items.all()):
        checklists_services.delete_checklist_item(item=old, by=by)
    for position, item in enumerate(items, start=1):
        checklists_services.add_checklist_item(
            template=draft, by=by, category=item.category, text=item.text, text_en=item.text_en, source=item.source,
            rectification_days=item.rectification_days, position=position,
        )  # fmt: skip
    return checklists_services.publish_checklist(template=draft, by=by)


def make_draft_inspection(institution: Institution, official: User | None = None, **fields) -> Inspection:
    """An unannounced routine inspection, today, on the current checklist; nothing answered yet."""
    defaults = {
        "mode": InspectionMode.UNANNOUNCED,
        "kind": InspectionKind.ROUTINE,
        "inspected_on": timezone.localdate(),
        "inspectors": "张街道、刘检查",
    }
    official = official or official_of(institution.jurisdiction)
    return inspections_services.create_inspection(institution=institution, by=official, **{**defaults, **fields})


def answer_all(inspection: Inspection, official: User, *, problems: int = 0, outcome: str = Outcome.COMPLIANT) -> None:
    """Answer every item `outcome`, the first `problems` of them non-compliant with a note."""
    answers = [
        {"check": check, "outcome": Outcome.NON_COMPLIANT, "note": f"问题{i + 1}：{PROBLEM_NOTE}"}
        if i < problems
        else {"check": check, "outcome": outcome, "note": ""}
        for i, check in enumerate(inspection.checks.select_related("item"))
    ]
    inspections_services.update_inspection(inspection=inspection, by=official, answers=answers)


def make_finished_inspection(
    institution: Institution,
    official: User | None = None,
    *,
    problems: int = 0,
    photo: bool = False,
    today: datetime.date | None = None,
    **fields,
) -> Inspection:
    """Finished (on `today`, else today) with `problems` non-compliant items, each opening a rectification, and a
    photo on the first if `photo`; `fields` go to make_draft_inspection."""
    official = official or official_of(institution.jurisdiction)
    inspection = make_draft_inspection(institution, official, **fields)
    answer_all(inspection, official, problems=problems)
    if photo and problems:
        first = inspection.checks.filter(outcome=Outcome.NON_COMPLIANT).first()
        inspections_services.add_inspection_photo(check=first, by=official, upload=png_upload())
    return inspections_services.finish_inspection(inspection=inspection, by=official, today=today)
