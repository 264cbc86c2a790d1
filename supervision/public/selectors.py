"""Reads for the public pages: the register of filed institutions, an institution's public page, a complaint's
status. Nothing here depends on who asks; nothing here returns personal data.

What the public sees of an institution is what was filed: the snapshot of its last acknowledged filing (an
operator may have edited the live record since, and those edits are not reviewed until a change filing is
acknowledged). Institutions taken over from an older register have no filing: their live record is what was
filed. 普惠 and 示范 are no filed facts: the commission grants them (institutions/designations/), so the public
sees the status in force now, from the live record.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.choices import (
    OPEN_FILING_STATUSES,
    SERVICE_FORM_FIELDS,
    Category,
    ClassType,
    FeeScheduleStatus,
    FeeType,
    FeeUnit,
    FilingKind,
    FilingStatus,
    InstitutionStatus,
)
from institutions.fees.selectors import STALE_REASONS, current_fee_schedule, stale_reason, with_care_fee_range
from institutions.models import ClassGroup, FeeItem, FeeSchedule, Filing, Institution
from supervision.choices import (
    COMPLAINT_STATUS_LABELS,
    CheckCategory,
    ComplaintAction,
    ComplaintStatus,
    InspectionResult,
    InspectionStatus,
    Outcome,
    RectificationStatus,
)
from supervision.models import Complaint, Inspection, ItemCheck, Rectification

PUBLIC_STATUSES = (InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING)
# The facts of a snapshot that may be published (never people, phones, e-mail or lease data).
PUBLIC_FACTS = ("name", "uscc", "category", "provides_meals", "address")


# --- The register ------------------------------------------------------------------------------


def _last_filed(institution_ref) -> QuerySet[Filing]:
    return Filing.objects.filter(institution=institution_ref, status=FilingStatus.FILED).order_by("-decided_at", "-pk")


def _care_fees(institution_ref) -> QuerySet[FeeItem]:
    """The monthly childcare fees (托育费/保育费) of an institution's published disclosure."""
    return FeeItem.objects.filter(
        schedule__institution=institution_ref,
        schedule__status=FeeScheduleStatus.PUBLISHED,
        fee_type=FeeType.CARE,
        unit=FeeUnit.MONTH,
    )


def _becoming_family_point(institution_ref) -> QuerySet[Filing]:
    """An open change filing that makes the institution a 家庭托育点: its address is a home from now on."""
    return Filing.objects.filter(
        institution=institution_ref,
        kind=FilingKind.CHANGE,
        status__in=OPEN_FILING_STATUSES,
        proposed_facts__category=Category.FAMILY,
    )


def register_queryset() -> QuerySet[Institution]:
    """Filed institutions (never drafts, suspended or closed ones), with their filed name and monthly fees."""
    institutions = Institution.objects.filter(status__in=PUBLIC_STATUSES).select_related("jurisdiction")
    return (
        with_care_fee_range(institutions)
        .annotate(
            becoming_family_point=Exists(_becoming_family_point(OuterRef("pk"))),
            filed_pk=Subquery(_last_filed(OuterRef("pk")).values("pk")[:1]),
        )
        # By name: a filed institution's name is its filed name (it changes only through an acknowledged change
        # filing), so the order needs no snapshot and an index serves it.
        .order_by("name", "pk")
    )


def _fact_q(snapshot_lookup: str, live_lookup: str, value) -> Q:
    """A condition on a filed fact: in the last filed snapshot, or in the live record when nothing was filed."""
    filed = Filing.objects.filter(pk=OuterRef("filed_pk"), **{f"snapshot__institution__{snapshot_lookup}": value})
    return Q(Exists(filed)) | Q(filed_pk__isnull=True, **{live_lookup: value})


def filter_register(
    queryset: QuerySet[Institution],
    *,
    q: str = "",
    jurisdiction=None,
    category: str = "",
    inclusive: bool = False,
    service_form: str = "",
    fee_min: Decimal | None = None,
    fee_max: Decimal | None = None,
) -> QuerySet[Institution]:
    """Apply the public register's search and filters."""
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(_fact_q("name__icontains", "name__icontains", q))
    if jurisdiction is not None:
        queryset = queryset.filter(_fact_q("jurisdiction_code", "jurisdiction__code", jurisdiction.code))
    if category:
        queryset = queryset.filter(_fact_q("category", "category", category))
    if inclusive:
        queryset = queryset.filter(is_inclusive=True)
    if service_form in SERVICE_FORM_FIELDS:
        flag = SERVICE_FORM_FIELDS[service_form]
        queryset = queryset.filter(_fact_q(flag, flag, True))
    if fee_min is not None or fee_max is not None:
        fees = _care_fees(OuterRef("pk"))
        if fee_min is not None:
            fees = fees.filter(amount__gte=fee_min)
        if fee_max is not None:
            fees = fees.filter(amount__lte=fee_max)
        queryset = queryset.filter(Exists(fees))
    return queryset


@dataclass
class PublicInstitution:
    """What the public may know of one institution."""

    pk: int
    name: str
    uscc: str
    category: str
    service_forms: list[str]
    is_inclusive: bool
    is_demonstration: bool
    provides_meals: bool
    jurisdiction: str
    address: str  # empty for a 家庭托育点: its address is somebody's home
    classes: list[dict] = field(default_factory=list)
    filed_on: datetime.date | None = None
    receipt_number: str = ""
    care_fee_min: Decimal | None = None
    care_fee_max: Decimal | None = None

    @property
    def category_label(self) -> str:
        return Category(self.category).label if self.category in Category.values else ""

    @property
    def is_family_point(self) -> bool:
        return self.category == Category.FAMILY

    @property
    def total_seats(self) -> int:
        return sum(c["seats"] for c in self.classes)

    @property
    def class_count(self) -> int:
        return sum(c["count"] for c in self.classes)


def _classes_by_type(rows) -> list[dict]:
    """Classes summed by type (names are left out: they are free text)."""
    count: dict[str, int] = defaultdict(int)
    seats: dict[str, int] = defaultdict(int)
    for class_type, n in rows:
        count[class_type] += 1
        seats[class_type] += n or 0
    return [
        {"class_type": t.value, "label": t.label, "count": count[t.value], "seats": seats[t.value]}
        for t in ClassType
        if count[t.value]
    ]


def public_rows(institutions) -> list[PublicInstitution]:
    """The public facts of a page of register rows, in at most two more queries whatever the page size."""
    institutions = list(institutions)
    filed_pks = [i.filed_pk for i in institutions if i.filed_pk]
    filed = {}
    if filed_pks:
        rows = Filing.objects.filter(pk__in=filed_pks).values(
            "pk", "decided_at", "receipt_number", "snapshot__institution", "snapshot__classes"
        )
        filed = {row["pk"]: row for row in rows}
    unfiled = [i.pk for i in institutions if not i.filed_pk]
    live_classes: dict[int, list] = defaultdict(list)
    if unfiled:
        for institution_id, class_type, seats in ClassGroup.objects.filter(institution_id__in=unfiled).values_list(
            "institution_id", "class_type", "seats"
        ):
            live_classes[institution_id].append((class_type, seats))
    result = []
    form_labels = [(str(form.label), flag) for form, flag in SERVICE_FORM_FIELDS.items()]  # translated once
    for institution in institutions:
        row = filed.get(institution.filed_pk)
        if row:
            facts = {k: (row["snapshot__institution"] or {}).get(k) for k in PUBLIC_FACTS}
            facts["service_forms"] = [
                label for label, flag in form_labels if (row["snapshot__institution"] or {}).get(flag)
            ]
            facts["jurisdiction"] = (row["snapshot__institution"] or {}).get("jurisdiction", "")
            classes = [(c.get("class_type"), c.get("seats")) for c in row["snapshot__classes"] or []]
            filed_on = timezone.localdate(row["decided_at"]) if row["decided_at"] else None
            receipt = row["receipt_number"] or ""
        else:
            facts = {k: getattr(institution, k) for k in PUBLIC_FACTS}
            facts["service_forms"] = institution.service_form_labels
            facts["jurisdiction"] = institution.jurisdiction.name
            classes = live_classes[institution.pk]
            filed_on, receipt = None, ""
        # Hide the address if the filed or the live record, or a change filing on its way, says it is a family point.
        family = Category.FAMILY in (facts["category"], institution.category) or institution.becoming_family_point
        result.append(
            PublicInstitution(
                pk=institution.pk,
                name=facts["name"] or institution.name,
                uscc=facts["uscc"] or "",
                category=facts["category"] or "",
                service_forms=facts["service_forms"],
                is_inclusive=institution.is_inclusive,
                is_demonstration=institution.is_demonstration,
                provides_meals=bool(facts["provides_meals"]),
                jurisdiction=facts["jurisdiction"] or "",
                address="" if family else (facts["address"] or ""),
                classes=_classes_by_type(classes),
                filed_on=filed_on,
                receipt_number=receipt,
                care_fee_min=institution.care_fee_min,
                care_fee_max=institution.care_fee_max,
            )
        )
    return result


def public_institution(pk: int) -> PublicInstitution | None:
    """One institution of the register, or None when it is not (or no longer) on it."""
    institution = register_queryset().filter(pk=pk).first()
    return public_rows([institution])[0] if institution else None


# --- An institution's page ---------------------------------------------------------------------


def fee_disclosures(institution_id: int, today: datetime.date | None = None) -> dict:
    """The published fee disclosure (收费公示) with its items, whether and why it is stale, and earlier versions."""
    today = today or timezone.localdate()
    current = current_fee_schedule(institution_id)
    earlier = (
        FeeSchedule.objects.filter(institution_id=institution_id, status=FeeScheduleStatus.SUPERSEDED)
        .prefetch_related("items")
        .order_by("-version")
    )
    reason = stale_reason(current, today)
    return {
        "current": current,
        "stale": bool(reason),
        "stale_reason": STALE_REASONS.get(reason, ""),
        "not_yet_valid": bool(current and current.valid_from > today),
        "earlier": list(earlier),
    }


@dataclass
class InspectionSummary:
    inspected_on: datetime.date
    compliant: bool
    rectifications: int = 0
    rectified: int = 0
    categories: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The outcome in plain words."""
        date = self.inspected_on.isoformat()
        if self.compliant:
            return str(_("Last inspected on %(date)s: no problems found.") % {"date": date})
        params = {"date": date, "done": self.rectified, "total": self.rectifications}
        if self.rectifications and self.rectified == self.rectifications:
            return str(_("Last inspected on %(date)s: problems found and rectified (%(done)d of %(total)d).") % params)
        return str(
            _("Last inspected on %(date)s: problems found; rectification ordered — %(done)d of %(total)d rectified.")
            % params
        )


def last_inspection(institution_id: int) -> InspectionSummary | None:
    """The date and outcome of the institution's last finished inspection (drafts are not results)."""
    inspection = (
        Inspection.objects.filter(institution_id=institution_id, status=InspectionStatus.FINISHED)
        .order_by("-inspected_on", "-pk")
        .first()
    )
    if inspection is None:
        return None
    if inspection.result == InspectionResult.COMPLIANT:
        return InspectionSummary(inspected_on=inspection.inspected_on, compliant=True)
    counts = Rectification.objects.filter(item_check__inspection=inspection).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=RectificationStatus.VERIFIED))
    )
    categories = set(
        ItemCheck.objects.filter(inspection=inspection, outcome=Outcome.NON_COMPLIANT).values_list(
            "item__category", flat=True
        )
    )
    return InspectionSummary(
        inspected_on=inspection.inspected_on,
        compliant=False,
        rectifications=counts["total"],
        rectified=counts["done"],
        categories=[str(c.label) for c in CheckCategory if c.value in categories],
    )


# --- A complaint's status ----------------------------------------------------------------------

# What the complainant reads for each step (no notes: those are internal). Worded apart from the status labels:
# the msgid "Closed" is an institution's status too (已注销), which a complaint must never read as.
PUBLIC_STEPS = {
    "submit": _("Complaint received"),
    ComplaintAction.TRIAGE: _("Assessed by the sub-district/town"),
    ComplaintAction.HANDLE: _("Being handled"),
    ComplaintAction.CLOSE: _("Closed with an outcome"),
}


def normalise_code(raw: str) -> str:
    """Tracking codes as people type them: any case, with spaces or dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:12]


def complaint_status(code: str) -> dict | None:
    """What the complainant may know of a complaint: status, dates, and the outcome once it is closed."""
    code = normalise_code(code)
    if not code:
        return None
    complaint = Complaint.objects.filter(tracking_code=code).select_related("institution", "jurisdiction").first()
    if complaint is None:
        return None
    steps = []
    seen = set()
    for action, at in complaint.events.order_by("at", "pk").values_list("action", "at"):
        # The first time each step happened is what the complainant needs; repeats add nothing for them.
        if action in PUBLIC_STEPS and action not in seen:
            seen.add(action)
            steps.append({"label": PUBLIC_STEPS[action], "at": at})
    closed = complaint.status == ComplaintStatus.CLOSED
    return {
        "code": complaint.tracking_code,
        "status": COMPLAINT_STATUS_LABELS[complaint.status],
        "status_value": complaint.status,
        "category": complaint.get_category_display(),
        "place": complaint.institution.name if complaint.institution_id else complaint.institution_name,
        "jurisdiction": complaint.jurisdiction.name,
        "received_at": complaint.received_at,
        "closed_at": complaint.closed_at if closed else None,
        "outcome": complaint.outcome if closed else "",
        "steps": steps,
    }


# --- Rejected filings (登记和备案办法 Art. 9: the reasons are 向社会公开) ------------------------------------


def public_rejections(institution_id: int | None = None) -> QuerySet[Filing]:
    """Rejected filings, newest first, with only what may be published: the institution's name as filed, its
    街镇, the kind, the date and the reasons (no person, phone or address)."""
    rows = Filing.objects.filter(status=FilingStatus.REJECTED, decided_at__isnull=False)
    if institution_id is not None:
        rows = rows.filter(institution_id=institution_id)
    return (
        rows.annotate(
            filed_name=Coalesce(KT("snapshot__institution__name"), F("institution__name"), output_field=CharField()),
            jurisdiction_name=F("institution__jurisdiction__name"),
        )
        .order_by("-decided_at", "-pk")
        .only("pk", "kind", "decided_at", "decision_reason", "institution_id")
    )
