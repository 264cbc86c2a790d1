"""标准核验: the 托育机构设置标准 as code.

Findings are computed from a filing snapshot (see snapshots.py), so the operator before submitting and the
reviewer afterwards see the same list. A finding is stored as data (rule code and parameters) and worded
when shown, in the reader's language, naming the rule it comes from.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from institutions.choices import (
    CLASS_SIZE_CAP,
    EDUCATION_AT_LEAST_JUNIOR_COLLEGE,
    MAX_FLOOR_BY_FIRE_RESISTANCE,
    Category,
    ClassType,
    LegalForm,
    PremisesTenure,
    StaffRole,
)

# Class types too young for a 幼儿园托班 (it takes 2–3-year-olds; a mixed class starts at 18 months and is not named).
KINDERGARTEN_TOO_YOUNG = (ClassType.INFANT, ClassType.TODDLER)
CHILDREN_PER_CAREGIVER = {ClassType.INFANT: 3, ClassType.TODDLER: 5, ClassType.SENIOR: 7}
# 家庭托育点管理办法（试行）(国卫人口发〔2023〕28号).
FAMILY_MAX_CHILDREN = 5  # Art. 2
FAMILY_CHILDREN_PER_CAREGIVER = 3
FAMILY_CCTV_RETENTION_DAYS = 90
CHILDREN_PER_HEALTH_WORKER = 150
MAX_FLOOR = 3
MIN_LEASE_YEARS = 3

SOURCES = {
    "class_size": _("设置标准 Art. 19"),
    "caregiver_ratio": _("设置标准 Art. 20"),
    # 家庭托育点管理办法（试行）: Art. 2 to 4 are sourced word for word; the articles of the carer ratio, the video
    # surveillance and the home's tenure are not (the rules are in the text; their article numbers are not cited
    # until checked against the published text).
    "family_size": _("家庭托育点管理办法（试行） Art. 2"),
    "family_ratio": _("家庭托育点管理办法（试行） (carers)"),
    "family_cctv": _("家庭托育点管理办法（试行） (video surveillance)"),
    "family_cctv_retention": _("家庭托育点管理办法（试行） (video surveillance)"),
    "family_legal_form": _("家庭托育点管理办法（试行） Art. 4"),
    "family_scope": _("家庭托育点管理办法（试行） Art. 4"),
    "family_lease_term": _("家庭托育点管理办法（试行） (own home or a lease of at least 3 years)"),
    "no_principal": _("设置标准 Art. 18"),
    "principal_education": _("设置标准 Art. 18"),
    "principal_experience": _("设置标准 Art. 18"),
    "principal_training": _("设置标准 Art. 18"),
    "health_worker": _("设置标准 Art. 21; 卫生部/教育部令第76号"),
    "security_guard": _("设置标准 Art. 18"),
    # Not in the 设置标准 (its Art. 11 is the tenure rule): the floor rule is the fire code's (for a building of
    # fire-resistance rating 1 or 2; the checklist item gives the lower ratings too).
    "premises_floor": _("建筑设计防火规范 GB 50016—2014（2018年版）5.4.4"),
    "lease_term": _("设置标准 Art. 11"),
    "certificate_expired": _("卫生部/教育部令第76号; 设置标准 Art. 18"),
    "health_certificate_missing": _("卫生部/教育部令第76号"),
    # 幼儿园托班 take 2–3-year-olds: the Baodi plan 四(三) (after 国办发〔2019〕15号). A 乳儿班 or 托小班 is younger.
    "kindergarten_class_age": _("宝坻区实施方案 四(三); 国办发〔2019〕15号"),
}

MESSAGES = {
    "class_size": _("Class “%(name)s” has %(seats)s seats; a %(type)s may have at most %(cap)s children."),
    "caregiver_ratio": _(
        "Class “%(name)s” needs at least %(needed)s caregivers for %(seats)s children (1:%(ratio)s); %(have)s assigned."
    ),
    "family_size": _("A family childcare point may care for at most %(cap)s children; %(seats)s seats are filed."),
    "family_ratio": _(
        "A family childcare point needs one caregiver per 3 children: %(needed)s needed, %(have)s listed."
    ),
    "family_cctv": _(
        "A family childcare point must have video surveillance covering every area where the children live and play."
    ),
    "family_cctv_retention": _(
        "Recordings of a family childcare point must be kept for at least %(minimum)s days; %(days)s are given."
    ),
    "family_legal_form": _(
        "A family childcare point is registered as a for-profit with the market regulation department; this one is "
        "filed as “%(form)s”: check where it is registered."
    ),
    "family_scope": _("The business scope of a family childcare point must state “家庭托育服务”; it is not confirmed."),
    "family_lease_term": _(
        "The home is leased to %(end)s; a family childcare point uses its own home or one leased for at least 3 "
        "years from %(today)s."
    ),
    "family_lease_missing": _("The home is leased but no lease end date is given."),
    "family_cctv_retention_missing": _(
        "How long the recordings are kept is not given; a family childcare point keeps them at least %(minimum)s days."
    ),
    "no_principal": _("No person in charge (负责人) is listed."),
    "principal_education": _("The person in charge %(name)s must hold a junior-college (大专) degree or higher."),
    "principal_experience": _(
        "The person in charge %(name)s has %(years)s years of related management experience; at least 3 are required."
    ),
    "principal_training": _("The person in charge %(name)s has not passed the job training."),
    "health_worker": _("%(seats)s children need at least %(needed)s health workers (保健人员); %(have)s listed."),
    "security_guard": _("No security guard (保安) with a 保安员证 is listed."),
    "premises_floor": _("Childcare rooms are on floor %(floor)s; they must be on floors 1 to 3, never underground."),
    "premises_floor_rating": _(
        "Childcare rooms are on floor %(floor)s of a building of fire-resistance grade %(rating)s; such a building "
        "may have them up to floor %(max)s only."
    ),
    "lease_term": _("The premises lease runs to %(end)s; it must run at least 3 years from %(today)s."),
    "lease_missing": _("The premises are leased but no lease end date is given."),
    "certificate_expired": _("%(name)s: the %(certificate)s expired on %(date)s."),
    "health_certificate_missing": _("%(name)s has no health certificate recorded."),
    "kindergarten_class_age": _(
        "Class “%(name)s” is a %(type)s; a kindergarten nursery class (幼儿园托班) takes children aged 2 to 3 only."
    ),
}
SOURCES["lease_missing"] = SOURCES["lease_term"]
SOURCES["premises_floor_rating"] = SOURCES["premises_floor"]
SOURCES["family_lease_missing"] = SOURCES["family_lease_term"]
SOURCES["family_cctv_retention_missing"] = SOURCES["family_cctv_retention"]


@dataclass(frozen=True)
class Finding:
    rule: str
    params: dict

    def as_dict(self) -> dict:
        return {"rule": self.rule, "params": self.params}


def describe(finding: dict) -> dict:
    """Word a stored finding in the current language: {'rule', 'message', 'source'}."""
    rule = finding["rule"]
    params = dict(finding.get("params", {}))
    if "type" in params:
        params["type"] = str(ClassType(params["type"]).label)
    if rule == "family_legal_form" and params.get("form") in LegalForm.values:
        params["form"] = str(LegalForm(params["form"]).label)
    return {"rule": rule, "message": str(MESSAGES[rule]) % params, "source": str(SOURCES[rule])}


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _family_point(facts: dict, total_seats: int, carers: int) -> list[Finding]:
    """The rules of a 家庭托育点 (家庭托育点管理办法（试行）): its size, carers, registration and video surveillance."""
    findings = []
    if total_seats > FAMILY_MAX_CHILDREN:
        findings.append(Finding("family_size", {"cap": FAMILY_MAX_CHILDREN, "seats": total_seats}))
    needed = math.ceil(total_seats / FAMILY_CHILDREN_PER_CAREGIVER)
    if carers < needed:
        findings.append(Finding("family_ratio", {"needed": needed, "have": carers}))
    legal_form = facts.get("legal_form")
    if legal_form and legal_form != LegalForm.FOR_PROFIT:
        findings.append(Finding("family_legal_form", {"form": legal_form}))
    if not facts.get("family_scope_named"):
        findings.append(Finding("family_scope", {}))
    if not facts.get("family_cctv_full_coverage"):
        findings.append(Finding("family_cctv", {}))
    days = facts.get("family_cctv_retention_days")
    if days is None:
        findings.append(Finding("family_cctv_retention_missing", {"minimum": FAMILY_CCTV_RETENTION_DAYS}))
    elif int(days) < FAMILY_CCTV_RETENTION_DAYS:
        findings.append(Finding("family_cctv_retention", {"minimum": FAMILY_CCTV_RETENTION_DAYS, "days": days}))
    return findings


def check(snapshot: dict, today: datetime.date) -> list[dict]:
    """Every rule the snapshot breaks, in a stable order."""
    facts = snapshot.get("institution", {})
    classes = snapshot.get("classes", [])
    staff = snapshot.get("staff", [])
    family = facts.get("category") == Category.FAMILY
    findings: list[Finding] = []
    total_seats = sum(c["seats"] for c in classes)
    caregivers = [s for s in staff if s["role"] == StaffRole.CAREGIVER]

    if family:
        findings += _family_point(facts, total_seats, len(caregivers))
    else:
        mixed_ratio = settings.MIXED_CLASS_CHILDREN_PER_CAREGIVER
        for c in classes:
            cap = CLASS_SIZE_CAP[c["class_type"]]
            if c["seats"] > cap:
                findings.append(
                    Finding("class_size", {"name": c["name"], "seats": c["seats"], "type": c["class_type"], "cap": cap})
                )
            ratio = CHILDREN_PER_CAREGIVER.get(c["class_type"], mixed_ratio)
            needed = math.ceil(c["seats"] / ratio)
            have = sum(1 for s in caregivers if s.get("class") == c["name"])
            if have < needed:
                findings.append(
                    Finding(
                        "caregiver_ratio",
                        {"name": c["name"], "needed": needed, "seats": c["seats"], "ratio": ratio, "have": have},
                    )
                )

    if facts.get("category") == Category.KINDERGARTEN_CLASS:
        for c in classes:
            if c["class_type"] in KINDERGARTEN_TOO_YOUNG:
                findings.append(Finding("kindergarten_class_age", {"name": c["name"], "type": c["class_type"]}))

    principals = [s for s in staff if s["role"] == StaffRole.PRINCIPAL]
    if not principals:
        findings.append(Finding("no_principal", {}))
    for p in principals:
        if p.get("education") not in EDUCATION_AT_LEAST_JUNIOR_COLLEGE and not family:
            findings.append(Finding("principal_education", {"name": p["name"]}))
        if (p.get("management_years") or 0) < 3 and not family:
            findings.append(
                Finding("principal_experience", {"name": p["name"], "years": p.get("management_years") or 0})
            )
        # The 负责人's training is a 设置标准 Art. 18 rule; a family point's carers have rules of their own.
        if not p.get("training_passed") and not family:
            findings.append(Finding("principal_training", {"name": p["name"]}))

    if not family:
        health = [s for s in staff if s["role"] == StaffRole.HEALTH]
        needed = max(1, math.ceil(total_seats / CHILDREN_PER_HEALTH_WORKER))
        if len(health) < needed:
            findings.append(Finding("health_worker", {"seats": total_seats, "needed": needed, "have": len(health)}))
        if not any(s["role"] == StaffRole.SECURITY and s.get("qualification") for s in staff):
            findings.append(Finding("security_guard", {}))

    # The floor rule is a rule of institution buildings; a family point is a home (its rules have no floor).
    floor = facts.get("floor")
    if floor is not None and not family:
        rating = facts.get("fire_resistance_rating") or ""
        limit = MAX_FLOOR_BY_FIRE_RESISTANCE.get(rating, MAX_FLOOR)
        if not 1 <= int(floor) <= MAX_FLOOR:
            findings.append(Finding("premises_floor", {"floor": floor}))
        elif int(floor) > limit:
            findings.append(Finding("premises_floor_rating", {"floor": floor, "rating": rating, "max": limit}))
    if facts.get("premises_tenure") == PremisesTenure.LEASED:
        prefix = "family_" if family else ""
        end = _date(facts.get("lease_end_date"))
        if end is None:
            findings.append(Finding(f"{prefix}lease_missing", {}))
        else:
            try:
                minimum = today.replace(year=today.year + MIN_LEASE_YEARS)
            except ValueError:  # 29 February
                minimum = today.replace(year=today.year + MIN_LEASE_YEARS, day=28)
            if end < minimum:
                findings.append(Finding(f"{prefix}lease_term", {"end": end.isoformat(), "today": today.isoformat()}))

    for s in staff:
        expiry = _date(s.get("qualification_expiry"))
        if expiry and expiry < today:
            findings.append(
                Finding(
                    "certificate_expired",
                    {
                        "name": s["name"],
                        "certificate": s.get("qualification") or "资格证书",
                        "date": expiry.isoformat(),
                    },
                )
            )
        health_expiry = _date(s.get("health_certificate_expiry"))
        if health_expiry is None:
            findings.append(Finding("health_certificate_missing", {"name": s["name"]}))
        elif health_expiry < today:
            findings.append(
                Finding(
                    "certificate_expired",
                    {"name": s["name"], "certificate": "健康证明", "date": health_expiry.isoformat()},
                )
            )
    return [f.as_dict() for f in findings]
