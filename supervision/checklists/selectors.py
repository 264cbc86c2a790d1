"""Reads for checklists: the current version, drafts, every version, items by category."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from baodi_care.core.versions import version_state
from institutions.choices import Category
from supervision.choices import FAMILY_CHECKLIST, GENERAL_CHECKLIST, CheckCategory
from supervision.models import ChecklistItem, ChecklistTemplate

CHECKLIST_NONE_CURRENT = _("There is no current checklist; the health commission must publish one first.")


def current_template(name: str = GENERAL_CHECKLIST) -> ChecklistTemplate | None:
    """The current version of a checklist (the general one unless named)."""
    return ChecklistTemplate.objects.filter(is_current=True, name=name).first()


def checklist_name_for(institution) -> str:
    """The checklist an inspection of this institution uses: a family point's own, or the general one."""
    return FAMILY_CHECKLIST if institution.category == Category.FAMILY else GENERAL_CHECKLIST


def template_for(institution) -> ChecklistTemplate | None:
    """The current version of the checklist an inspection of this institution starts on."""
    return current_template(checklist_name_for(institution))


def is_draft(template: ChecklistTemplate) -> bool:
    """A draft is a version newer than the current one that was never published."""
    if template.is_current:
        return False
    current = ChecklistTemplate.objects.filter(name=template.name, is_current=True).values_list("version", flat=True)
    current_version = next(iter(current), 0)
    return template.version > current_version


def checklist_versions() -> list[ChecklistTemplate]:
    """Every version of every checklist, with item and inspection counts, marked current/draft/superseded."""
    templates = list(
        ChecklistTemplate.objects.annotate(
            item_count=Count("items", distinct=True), inspection_count=Count("inspection", distinct=True)
        )
        .select_related("created_by")
        .order_by("name", "-version")
    )
    current = {t.name: t.version for t in templates if t.is_current}
    for template in templates:
        template.state = version_state(template, current.get(template.name, 0))
    return templates


def items_by_category(items: Iterable[ChecklistItem]) -> list[dict]:
    """Items in the order of the 11 categories, each category's in position order."""
    groups: dict[str, list] = {c.value: [] for c in CheckCategory}
    for item in items:
        groups.setdefault(item.category, []).append(item)
    return [{"category": c.value, "label": c.label, "items": groups[c.value]} for c in CheckCategory if groups[c.value]]
