"""Rows of inspections, rectifications, coverage, the inspection plan and checklists (supervision app)."""

from __future__ import annotations

from django.urls import reverse

from baodi_care.accounts.choices import Role
from supervision.checklists import selectors as checklists_selectors
from supervision.checklists import services as checklists_services
from supervision.choices import InspectionKind, Outcome
from supervision.inspections import services as inspections_services
from supervision.models import EvidenceFile, Rectification
from supervision.plan import services as plan_services
from tests.builders.files import png_upload
from tests.builders.inspections import make_draft_inspection, make_finished_inspection
from tests.builders.register import make_imported_institution
from tests.scoping_support import (
    COMMISSION,
    OFFICIAL,
    OPERATOR,
    PORTAL,
    RECORD,
    REVIEWERS,
    Row,
    at,
    posted,
    scoped,
    step,
)


def _objects(operator, official, jurisdiction, prefix: str, **finished_kind) -> dict:
    """A filed institution with a finished inspection (one problem, one photo) and a draft one with a photo."""
    institution = make_imported_institution(jurisdiction, operator=operator)
    finished = make_finished_inspection(institution, official, problems=1, photo=True, **finished_kind)
    draft = make_draft_inspection(institution, official)
    inspections_services.add_inspection_photo(check=draft.checks.first(), by=official, upload=png_upload())
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
    # The in-scope finished inspection is a joint one the member department (the education bureau) took part in;
    # the other one is routine: outside the department's scope as well.
    joint = {"kind": InspectionKind.JOINT, "departments": [users[Role.DEPARTMENT].department]}
    own = _objects(users[Role.OPERATOR], users[Role.OFFICIAL], ctx["institution"].jurisdiction, "ins_", **joint)
    other = _objects(ctx["other_operator"], ctx["other_official"], ctx["other_institution"].jurisdiction, "ins_other_")
    draft = checklists_services.start_checklist_version(template=checklists_selectors.current_template(), by=commission)
    frequency = plan_services.set_inspection_frequency(by=commission, per_year=4, category="kindergarten")
    return {**own, **other, "ins_checklist_draft": draft, "ins_frequency": frequency}


def page(name: str, key: str, **row) -> Row:
    return scoped(name, f"ins_{key}", f"ins_other_{key}", **row)


def joined(name: str, key: str) -> Row:
    """A page of a finished inspection (or its photo): member departments see those they took part in only."""
    return page(name, key, allowed=PORTAL, narrow_for=frozenset({Role.DEPARTMENT}))


def first_item(name: str):
    """The URL `name` of the checklist draft's first item."""
    return lambda ctx: reverse(name, args=[ctx["ins_checklist_draft"].items.first().pk])


ROWS = {
    "supervision:inspection_list": Row(url=at("supervision:inspection_list"), allowed=PORTAL),
    "supervision:inspection_create": Row(url=at("supervision:inspection_create"), allowed=OFFICIAL),
    "supervision:inspection_detail": joined("supervision:inspection_detail", "finished"),
    "supervision:inspection_edit": page("supervision:inspection_edit", "draft", allowed=OFFICIAL),
    "supervision:inspection_photo_delete": step(
        "supervision:inspection_photo_delete", "ins_draft_photo", "ins_other_draft_photo", OFFICIAL
    ),
    "supervision:evidence_download": joined("supervision:evidence_download", "photo"),
    "supervision:evidence_preview": joined("supervision:evidence_preview", "photo"),
    # Rectifications (answers, evidence) and the ledgers are not member departments' (DESIGN §1): 403.
    "supervision:rectification_ledger": Row(url=at("supervision:rectification_ledger"), allowed=RECORD),
    "supervision:rectification_detail": page("supervision:rectification_detail", "rectification", allowed=RECORD),
    # An empty answer is refused on the re-rendered page (200); nothing is saved.
    "supervision:rectification_answer": page(
        "supervision:rectification_answer", "rectification", allowed=OPERATOR, method="post"
    ),
    "supervision:rectification_decide": step(
        "supervision:rectification_decide", "ins_rectification", "ins_other_rectification", OFFICIAL
    ),
    "supervision:institution_ledger": page("supervision:institution_ledger", "institution", allowed=RECORD),
    "supervision:coverage": Row(url=at("supervision:coverage"), allowed=REVIEWERS),
    "supervision:inspection_plan": Row(url=at("supervision:inspection_plan"), allowed=COMMISSION),
    "supervision:inspection_plan_delete": posted("supervision:inspection_plan_delete", COMMISSION, "ins_frequency"),
    "supervision:checklist_list": Row(url=at("supervision:checklist_list"), allowed=REVIEWERS),
    "supervision:checklist_detail": Row(
        url=at("supervision:checklist_detail", "ins_checklist_draft"), allowed=REVIEWERS
    ),
    "supervision:checklist_new_version": Row(
        url=lambda ctx: reverse("supervision:checklist_new_version", args=[checklists_selectors.current_template().pk]),
        allowed=COMMISSION,
        method="post",
        ok=302,
    ),
    # An empty item is refused on the re-rendered page (200).
    "supervision:checklist_item_add": Row(
        url=at("supervision:checklist_item_add", "ins_checklist_draft"), allowed=COMMISSION, method="post"
    ),
    "supervision:checklist_item_edit": Row(url=first_item("supervision:checklist_item_edit"), allowed=COMMISSION),
    "supervision:checklist_item_delete": Row(
        url=first_item("supervision:checklist_item_delete"), allowed=COMMISSION, method="post", ok=302
    ),
    "supervision:checklist_publish": posted("supervision:checklist_publish", COMMISSION, "ins_checklist_draft"),
    "supervision:checklist_discard": posted("supervision:checklist_discard", COMMISSION, "ins_checklist_draft"),
}
