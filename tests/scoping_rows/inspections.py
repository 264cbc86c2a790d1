"""Rows of inspections, rectifications, coverage, the inspection plan and checklists (supervision app)."""

from __future__ import annotations

from django.urls import reverse

from baodi_care.accounts.choices import Role
from supervision.checklists import selectors as checklists_selectors
from supervision.checklists import services as checklists_services
from supervision.choices import Outcome
from supervision.inspections import services as inspections_services
from supervision.models import EvidenceFile, Rectification
from supervision.plan import services as plan_services
from tests.scoping_support import REVIEWERS, STAFF, Row
from tests.supervision.inspection_helpers import (
    filed_institution,
    finished_inspection,
    png_upload,
    start_inspection,
)

COMMISSION = frozenset({Role.COMMISSION})
OFFICIAL = frozenset({Role.OFFICIAL})
OPERATOR = frozenset({Role.OPERATOR})
READERS = frozenset({Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT})


def _objects(operator, official, jurisdiction, prefix: str) -> dict:
    """A filed institution with a finished inspection (one problem, one photo) and a draft one with a photo."""
    institution = filed_institution(operator, jurisdiction)
    finished = finished_inspection(institution, official, problems=1, photo=True)
    draft = start_inspection(institution, official)
    draft_check = draft.checks.first()
    inspections_services.add_inspection_photo(check=draft_check, by=official, upload=png_upload())
    return {
        f"{prefix}institution": institution,
        f"{prefix}finished": finished,
        f"{prefix}draft": draft,
        f"{prefix}photo": EvidenceFile.objects.get(item_check__inspection=finished),
        f"{prefix}draft_photo": EvidenceFile.objects.get(item_check__inspection=draft),
        f"{prefix}rectification": Rectification.objects.get(
            item_check__inspection=finished, item_check__outcome=Outcome.NON_COMPLIANT
        ),
    }


def extra_ctx(ctx: dict) -> dict:
    users = ctx["users"]
    commission = users[Role.COMMISSION]
    own = _objects(users[Role.OPERATOR], users[Role.OFFICIAL], ctx["institution"].jurisdiction, "ins_")
    other = _objects(ctx["other_operator"], ctx["other_official"], ctx["other_institution"].jurisdiction, "ins_other_")
    draft = checklists_services.start_checklist_version(template=checklists_selectors.current_template(), by=commission)
    frequency = plan_services.set_inspection_frequency(by=commission, per_year=4, category="kindergarten")
    return {**own, **other, "ins_checklist_draft": draft, "ins_frequency": frequency}


def url(name: str, key: str):
    return lambda ctx: reverse(name, args=[ctx[key].pk])


def simple(name: str):
    return lambda ctx: reverse(name)


ROWS = {
    "supervision:inspection_list": Row(url=simple("supervision:inspection_list"), allowed=READERS),
    "supervision:inspection_create": Row(url=simple("supervision:inspection_create"), allowed=OFFICIAL),
    "supervision:inspection_detail": Row(
        url=url("supervision:inspection_detail", "ins_finished"),
        allowed=READERS,
        out_of_scope=url("supervision:inspection_detail", "ins_other_finished"),
    ),
    "supervision:inspection_edit": Row(
        url=url("supervision:inspection_edit", "ins_draft"),
        allowed=OFFICIAL,
        out_of_scope=url("supervision:inspection_edit", "ins_other_draft"),
    ),
    "supervision:inspection_photo_delete": Row(
        url=url("supervision:inspection_photo_delete", "ins_draft_photo"),
        allowed=OFFICIAL,
        method="post",
        ok=302,
        out_of_scope=url("supervision:inspection_photo_delete", "ins_other_draft_photo"),
    ),
    "supervision:evidence_download": Row(
        url=url("supervision:evidence_download", "ins_photo"),
        allowed=READERS,
        out_of_scope=url("supervision:evidence_download", "ins_other_photo"),
    ),
    "supervision:evidence_preview": Row(
        url=url("supervision:evidence_preview", "ins_photo"),
        allowed=READERS,
        out_of_scope=url("supervision:evidence_preview", "ins_other_photo"),
    ),
    "supervision:rectification_ledger": Row(url=simple("supervision:rectification_ledger"), allowed=READERS),
    "supervision:rectification_detail": Row(
        url=url("supervision:rectification_detail", "ins_rectification"),
        allowed=READERS,
        out_of_scope=url("supervision:rectification_detail", "ins_other_rectification"),
    ),
    # An empty answer is refused on the re-rendered page (200); nothing is saved.
    "supervision:rectification_answer": Row(
        url=url("supervision:rectification_answer", "ins_rectification"),
        allowed=OPERATOR,
        method="post",
        out_of_scope=url("supervision:rectification_answer", "ins_other_rectification"),
    ),
    "supervision:rectification_decide": Row(
        url=url("supervision:rectification_decide", "ins_rectification"),
        allowed=OFFICIAL,
        method="post",
        ok=302,
        out_of_scope=url("supervision:rectification_decide", "ins_other_rectification"),
    ),
    "supervision:institution_ledger": Row(
        url=url("supervision:institution_ledger", "ins_institution"),
        allowed=READERS,
        out_of_scope=url("supervision:institution_ledger", "ins_other_institution"),
    ),
    "supervision:coverage": Row(url=simple("supervision:coverage"), allowed=REVIEWERS),
    "supervision:inspection_plan": Row(url=simple("supervision:inspection_plan"), allowed=COMMISSION),
    "supervision:inspection_plan_delete": Row(
        url=url("supervision:inspection_plan_delete", "ins_frequency"), allowed=COMMISSION, method="post", ok=302
    ),
    "supervision:checklist_list": Row(url=simple("supervision:checklist_list"), allowed=STAFF),
    "supervision:checklist_detail": Row(url=url("supervision:checklist_detail", "ins_checklist_draft"), allowed=STAFF),
    "supervision:checklist_new_version": Row(
        url=lambda ctx: reverse("supervision:checklist_new_version", args=[checklists_selectors.current_template().pk]),
        allowed=COMMISSION,
        method="post",
        ok=302,
    ),
    # An empty item is refused on the re-rendered page (200).
    "supervision:checklist_item_add": Row(
        url=url("supervision:checklist_item_add", "ins_checklist_draft"), allowed=COMMISSION, method="post"
    ),
    "supervision:checklist_item_edit": Row(
        url=lambda ctx: reverse("supervision:checklist_item_edit", args=[ctx["ins_checklist_draft"].items.first().pk]),
        allowed=COMMISSION,
    ),
    "supervision:checklist_item_delete": Row(
        url=lambda ctx: reverse(
            "supervision:checklist_item_delete", args=[ctx["ins_checklist_draft"].items.first().pk]
        ),
        allowed=COMMISSION,
        method="post",
        ok=302,
    ),
    "supervision:checklist_publish": Row(
        url=url("supervision:checklist_publish", "ins_checklist_draft"), allowed=COMMISSION, method="post", ok=302
    ),
    "supervision:checklist_discard": Row(
        url=url("supervision:checklist_discard", "ins_checklist_draft"), allowed=COMMISSION, method="post", ok=302
    ),
}
