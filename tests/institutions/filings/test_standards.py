"""标准核验: each rule of the 设置标准 at its boundary, and the source each finding names (DESIGN §2a)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from institutions.choices import ClassType, Education, Section, StaffRole
from institutions.filings import review, standards
from institutions.filings import selectors as filings_selectors
from institutions.filings.snapshots import build_snapshot
from institutions.register import services as register_services
from tests.builders.filings import make_submitted_filing
from tests.builders.register import make_staff_compliant

D = datetime.date
TODAY = D(2026, 6, 1)
FAR = "2030-12-31"


def person(name: str, role: str, **fields) -> dict:
    """A staff row as a filing snapshot holds it."""
    row = {
        "name": name,
        "role": role,
        "education": "",
        "management_years": 0,
        "training_passed": False,
        "qualification": "",
        "qualification_expiry": None,
        "health_certificate_expiry": FAR,
        "full_time": True,
        "class": "",
    }
    row.update(fields)
    return row


def principal(**fields) -> dict:
    values = {
        "education": Education.BACHELOR,
        "management_years": 5,
        "training_passed": True,
        "qualification": "托育机构负责人岗位培训合格证",
    }
    values.update(fields)
    return person("李负责", StaffRole.PRINCIPAL, **values)


def health_worker(n: int = 1) -> dict:
    return person(f"保健{n}", StaffRole.HEALTH, qualification="妇幼保健机构培训合格证")


def security_guard(**fields) -> dict:
    return person("赵保安", StaffRole.SECURITY, **{"qualification": "保安员证", **fields})


def caregivers(class_name: str, n: int) -> list[dict]:
    return [
        person(f"{class_name}保育{i}", StaffRole.CAREGIVER, qualification="保育师证", **{"class": class_name})
        for i in range(n)
    ]


def snapshot(classes=(("托小班", ClassType.TODDLER, 15, 3),), staff=None, **facts) -> dict:
    """A snapshot meeting every rule unless told otherwise.

    classes: (name, type, seats, caregivers assigned); staff: the non-caregiver staff (default: a qualified
    负责人, one 保健人员 and a 保安 with certificate); facts: institution facts to override.
    """
    base = {"category": "independent", "premises_tenure": "owned", "lease_end_date": None, "floor": 1}
    base.update(facts)
    rows = list(staff) if staff is not None else [principal(), health_worker(), security_guard()]
    for name, _type, _seats, n in classes:
        rows += caregivers(name, n)
    return {
        "institution": base,
        "classes": [{"name": name, "class_type": t, "seats": seats} for name, t, seats, _n in classes],
        "staff": rows,
    }


def rules(snap: dict, today: datetime.date = TODAY) -> list[str]:
    return [f["rule"] for f in standards.check(snap, today)]


def only(snap: dict, rule: str, today: datetime.date = TODAY) -> dict:
    [finding] = [f for f in standards.check(snap, today) if f["rule"] == rule]
    return finding


def test_a_snapshot_meeting_every_rule_has_no_findings():
    assert rules(snapshot()) == []


# --- 设置标准 Art. 19: class sizes -----------------------------------------------------------------------

CAPS = [(ClassType.INFANT, 10), (ClassType.TODDLER, 15), (ClassType.SENIOR, 20), (ClassType.MIXED, 18)]


@pytest.mark.parametrize(("class_type", "cap"), CAPS)
def test_a_class_at_its_cap_is_fine(class_type, cap):
    assert rules(snapshot([("一班", class_type, cap, 10)])) == []


@pytest.mark.parametrize(("class_type", "cap"), CAPS)
def test_one_child_over_the_cap_is_a_finding(class_type, cap):
    snap = snapshot([("一班", class_type, cap + 1, 10)])
    assert rules(snap) == ["class_size"]
    message = standards.describe(only(snap, "class_size"))["message"]
    assert str(cap + 1) in message and str(cap) in message and "一班" in message


# --- 设置标准 Art. 20: caregiver ratios -----------------------------------------------------------------

# (type, children one caregiver may look after, caregivers): 乳儿班 1:3, 托小班 1:5, 托大班 1:7; the class sizes
# stay within the Art. 19 caps.
RATIOS = [(ClassType.INFANT, 3, 3), (ClassType.TODDLER, 5, 2), (ClassType.SENIOR, 7, 2)]


@pytest.mark.parametrize(("class_type", "per_caregiver", "carers"), RATIOS)
def test_caregivers_at_the_ratio_are_enough(class_type, per_caregiver, carers):
    # 乳儿班: 9 children, 3 caregivers.
    assert rules(snapshot([("一班", class_type, carers * per_caregiver, carers)])) == []


@pytest.mark.parametrize(("class_type", "per_caregiver", "carers"), RATIOS)
def test_one_child_more_needs_another_caregiver(class_type, per_caregiver, carers):
    # 乳儿班: 10 children, 3 caregivers → 4 needed.
    snap = snapshot([("一班", class_type, carers * per_caregiver + 1, carers)])
    assert rules(snap) == ["caregiver_ratio"]
    finding = only(snap, "caregiver_ratio")
    assert (finding["params"]["needed"], finding["params"]["have"]) == (carers + 1, carers)


def test_the_mixed_class_ratio_defaults_to_one_to_five():
    assert rules(snapshot([("混合班", ClassType.MIXED, 10, 2)])) == []
    assert rules(snapshot([("混合班", ClassType.MIXED, 11, 2)])) == ["caregiver_ratio"]


def test_the_mixed_class_ratio_is_configurable(settings):
    settings.MIXED_CLASS_CHILDREN_PER_CAREGIVER = 6
    assert rules(snapshot([("混合班", ClassType.MIXED, 12, 2)])) == []
    assert rules(snapshot([("混合班", ClassType.MIXED, 13, 2)])) == ["caregiver_ratio"]


def test_caregivers_count_only_for_their_own_class():
    snap = snapshot([("乳儿班", ClassType.INFANT, 6, 0), ("托大班", ClassType.SENIOR, 7, 3)])
    assert rules(snap) == ["caregiver_ratio"]
    assert only(snap, "caregiver_ratio")["params"]["name"] == "乳儿班"


# --- 设置标准 Art. 18 and 21: required roles and qualifications ---------------------------------------------


def test_no_person_in_charge_is_a_finding():
    assert rules(snapshot(staff=[health_worker(), security_guard()])) == ["no_principal"]


def test_no_health_worker_is_a_finding():
    assert rules(snapshot(staff=[principal(), security_guard()])) == ["health_worker"]


def test_a_security_guard_without_certificate_is_a_finding():
    assert rules(snapshot(staff=[principal(), health_worker(), security_guard(qualification="")])) == ["security_guard"]


def test_no_security_guard_is_a_finding():
    assert rules(snapshot(staff=[principal(), health_worker()])) == ["security_guard"]


@pytest.mark.parametrize(
    ("education", "ok"),
    [
        (Education.BACHELOR, True),
        (Education.JUNIOR_COLLEGE, True),
        (Education.HIGH_SCHOOL, False),
        (Education.BELOW_HIGH_SCHOOL, False),
        ("", False),
    ],
)
def test_the_person_in_charge_needs_junior_college_or_higher(education, ok):
    found = rules(snapshot(staff=[principal(education=education), health_worker(), security_guard()]))
    assert found == ([] if ok else ["principal_education"])


@pytest.mark.parametrize(("years", "ok"), [(3, True), (10, True), (2, False), (0, False)])
def test_the_person_in_charge_needs_three_years_of_management(years, ok):
    found = rules(snapshot(staff=[principal(management_years=years), health_worker(), security_guard()]))
    assert found == ([] if ok else ["principal_experience"])


def test_the_person_in_charge_needs_the_job_training():
    found = rules(snapshot(staff=[principal(training_passed=False), health_worker(), security_guard()]))
    assert found == ["principal_training"]


def classes_with_seats(total: int) -> list[tuple]:
    """托小班 of 15 (3 caregivers each) and a last smaller one, adding up to `total` children."""
    full, rest = divmod(total, 15)
    rows = [(f"托小{i}班", ClassType.TODDLER, 15, 3) for i in range(full)]
    if rest:
        rows.append(("托小末班", ClassType.TODDLER, rest, 3))
    return rows


def test_one_health_worker_covers_150_children():
    assert rules(snapshot(classes_with_seats(150))) == []


def test_151_children_need_a_second_health_worker():
    snap = snapshot(classes_with_seats(151))
    assert rules(snap) == ["health_worker"]
    assert (only(snap, "health_worker")["params"]["needed"], only(snap, "health_worker")["params"]["have"]) == (2, 1)
    two = snapshot(classes_with_seats(151), staff=[principal(), health_worker(1), health_worker(2), security_guard()])
    assert rules(two) == []


# --- Premises: floor and tenure --------------------------------------------------------------------------


@pytest.mark.parametrize(("floor", "ok"), [(1, True), (2, True), (3, True), (4, False), (0, False), (-1, False)])
def test_childcare_rooms_on_floors_one_to_three_only(floor, ok):
    assert rules(snapshot(floor=floor)) == ([] if ok else ["premises_floor"])


def test_a_lease_of_three_years_to_the_day_is_fine():
    assert rules(snapshot(premises_tenure="leased", lease_end_date="2029-06-01")) == []


def test_a_lease_one_day_short_of_three_years_is_a_finding():
    snap = snapshot(premises_tenure="leased", lease_end_date="2029-05-31")
    assert rules(snap) == ["lease_term"]
    assert "2029-05-31" in standards.describe(only(snap, "lease_term"))["message"]


def test_a_lease_from_29_february_runs_to_the_end_of_february():
    # 民法典 Art. 203: a period without a corresponding day ends on the last day of that month.
    leap = D(2028, 2, 29)
    assert rules(snapshot(premises_tenure="leased", lease_end_date="2031-02-28"), leap) == []
    assert rules(snapshot(premises_tenure="leased", lease_end_date="2031-02-27"), leap) == ["lease_term"]


def test_owned_premises_need_no_lease():
    assert rules(snapshot(premises_tenure="owned", lease_end_date=None)) == []


def test_leased_premises_without_an_end_date_are_a_finding():
    assert rules(snapshot(premises_tenure="leased", lease_end_date=None)) == ["lease_missing"]


# --- Certificates -------------------------------------------------------------------------------------------

YESTERDAY = (TODAY - datetime.timedelta(days=1)).isoformat()


def test_a_qualification_expiring_today_is_still_valid():
    staff = [principal(qualification_expiry=TODAY.isoformat()), health_worker(), security_guard()]
    assert rules(snapshot(staff=staff)) == []


def test_a_qualification_that_expired_yesterday_is_a_finding():
    snap = snapshot(staff=[principal(qualification_expiry=YESTERDAY), health_worker(), security_guard()])
    assert rules(snap) == ["certificate_expired"]
    message = standards.describe(only(snap, "certificate_expired"))["message"]
    assert "李负责" in message and YESTERDAY in message


def test_a_health_certificate_expiring_today_is_still_valid():
    staff = [principal(health_certificate_expiry=TODAY.isoformat()), health_worker(), security_guard()]
    assert rules(snapshot(staff=staff)) == []


def test_a_health_certificate_that_expired_yesterday_is_a_finding():
    snap = snapshot(staff=[principal(health_certificate_expiry=YESTERDAY), health_worker(), security_guard()])
    assert rules(snap) == ["certificate_expired"]


def test_a_missing_health_certificate_is_a_finding():
    snap = snapshot(staff=[principal(), health_worker(), security_guard(health_certificate_expiry=None)])
    assert rules(snap) == ["health_certificate_missing"]
    assert "赵保安" in standards.describe(only(snap, "health_certificate_missing"))["message"]


# --- 家庭托育点 (家庭托育点管理办法（试行）, 国卫人口发〔2023〕28号) ------------------------------------------------

# What a family point that keeps its own rules records (choices.FAMILY_POINT_FIELDS) and how it is registered.
FAMILY_OK = {
    "legal_form": "for_profit",
    "family_scope_named": True,
    "family_cctv_full_coverage": True,
    "family_cctv_retention_days": 90,
}


def family(seats: int, carers: int, staff=None, **facts) -> dict:
    """A family point's snapshot: one group of `seats` children, `carers` carers, meeting every rule unless told."""
    staff = [principal()] if staff is None else staff
    return snapshot(
        [("家庭班", ClassType.MIXED, seats, carers)], staff=staff, category="family", **{**FAMILY_OK, **facts}
    )


@pytest.mark.parametrize(("seats", "carers"), [(5, 2), (3, 1), (1, 1)])
def test_a_family_point_within_its_limits_is_fine(seats, carers):
    assert rules(family(seats, carers)) == []


def test_a_family_point_may_care_for_at_most_five_children():
    assert rules(family(6, 2)) == ["family_size"]


@pytest.mark.parametrize(("seats", "carers"), [(4, 1), (5, 1)])
def test_a_family_point_needs_one_caregiver_per_three_children(seats, carers):
    assert rules(family(seats, carers)) == ["family_ratio"]


def test_a_family_point_at_home_or_on_a_long_lease():
    assert rules(family(5, 2, premises_tenure="owned")) == []
    assert rules(family(5, 2, premises_tenure="leased", lease_end_date="2029-06-01")) == []
    # Its own rule, citing its own text (not the 设置标准's tenure article).
    assert rules(family(5, 2, premises_tenure="leased", lease_end_date="2029-05-31")) == ["family_lease_term"]
    assert rules(family(5, 2, premises_tenure="leased")) == ["family_lease_missing"]


def test_video_surveillance_must_cover_every_area():
    assert rules(family(5, 2, family_cctv_full_coverage=False)) == ["family_cctv"]


@pytest.mark.parametrize(("days", "found"), [(90, []), (180, []), (89, ["family_cctv_retention"])])
def test_recordings_are_kept_at_least_90_days(days, found):
    assert rules(family(5, 2, family_cctv_retention_days=days)) == found


def test_recordings_kept_for_an_unknown_time_are_a_finding():
    snap = family(5, 2, family_cctv_retention_days=None)
    assert rules(snap) == ["family_cctv_retention_missing"]
    with translation.override("en"):
        assert "at least 90 days" in standards.describe(only(snap, "family_cctv_retention_missing"))["message"]


NOT_FOR_PROFIT = [("social_service", "Social service"), ("public_institution", "Public institution")]


@pytest.mark.parametrize(("legal_form", "label"), NOT_FOR_PROFIT)
def test_a_family_point_is_registered_as_a_for_profit(legal_form, label):
    snap = family(5, 2, legal_form=legal_form)
    assert rules(snap) == ["family_legal_form"]
    with translation.override("en"):
        message = standards.describe(only(snap, "family_legal_form"))["message"]
    assert "market regulation" in message
    assert label in message


def test_the_business_scope_must_state_family_childcare_services():
    snap = family(5, 2, family_scope_named=False)
    assert rules(snap) == ["family_scope"]
    assert "家庭托育服务" in standards.describe(only(snap, "family_scope"))["message"]


def test_the_floor_rule_does_not_apply_to_a_family_point():
    """A home on the 6th floor or in a semi-basement is not judged by the institutions' building rule."""
    assert rules(family(5, 2, floor=6)) == []
    assert rules(family(5, 2, floor=-1)) == []
    assert rules(snapshot(floor=6)) == ["premises_floor"]  # an institution still is


def test_the_principal_training_rule_does_not_apply_to_a_family_point():
    untrained = [principal(training_passed=False, education=Education.HIGH_SCHOOL, management_years=0)]
    assert rules(family(5, 2, staff=untrained)) == []
    assert rules(snapshot(staff=[principal(training_passed=False), health_worker(), security_guard()])) == [
        "principal_training"
    ]


def test_the_family_rules_do_not_apply_to_an_institution():
    """An institution with no family facts at all breaks none of the family point's rules."""
    assert rules(snapshot(legal_form="social_service")) == []


# --- On the institution's own data (build_snapshot) ---------------------------------------------------------


@pytest.mark.django_db
def test_the_check_runs_on_the_snapshot_of_a_registered_institution(institution, operator):
    make_staff_compliant(institution)
    assert standards.check(build_snapshot(institution), TODAY) == []

    register_services.update_institution(institution=institution, by=operator, floor=4)
    register_services.add_class(
        institution=institution, by=operator, name="乳儿一班", class_type=ClassType.INFANT, seats=11
    )
    found = rules(build_snapshot(institution))
    assert "premises_floor" in found
    assert "class_size" in found
    assert "caregiver_ratio" in found  # nobody looks after the new class
    assert [f["rule"] for f in filings_selectors.preview_findings(institution, TODAY)] == found


@pytest.mark.django_db
def test_findings_are_frozen_with_the_submission(institution, operator):
    make_staff_compliant(institution)
    register_services.update_institution(institution=institution, by=operator, floor=0)
    filing = make_submitted_filing(institution, operator)
    assert [f["rule"] for f in filing.findings] == ["premises_floor"]
    register_services.update_institution(institution=institution, by=operator, floor=2)
    filing.refresh_from_db()
    assert [f["rule"] for f in filing.findings] == ["premises_floor"]  # the reviewer sees what was submitted


# --- Each finding names its source (DESIGN §2a) ------------------------------------------------------------

ART_18 = "设置标准 Art. 18"
ORDER_76 = "卫生部/教育部令第76号"
FAMILY = "家庭托育点管理办法（试行）"

# rule → (a snapshot that breaks it, what its source must name per DESIGN §2a)
SOURCE_CASES = {
    "class_size": (snapshot([("一班", ClassType.INFANT, 11, 4)]), ["设置标准 Art. 19"]),
    "caregiver_ratio": (snapshot([("一班", ClassType.INFANT, 10, 3)]), ["设置标准 Art. 20"]),
    "no_principal": (snapshot(staff=[health_worker(), security_guard()]), [ART_18]),
    "principal_education": (
        snapshot(staff=[principal(education=Education.HIGH_SCHOOL), health_worker(), security_guard()]),
        [ART_18],
    ),
    "principal_experience": (
        snapshot(staff=[principal(management_years=2), health_worker(), security_guard()]),
        [ART_18],
    ),
    "principal_training": (
        snapshot(staff=[principal(training_passed=False), health_worker(), security_guard()]),
        [ART_18],
    ),
    "security_guard": (snapshot(staff=[principal(), health_worker()]), [ART_18]),
    "health_worker": (snapshot(staff=[principal(), security_guard()]), ["设置标准 Art. 21", ORDER_76]),
    "lease_term": (snapshot(premises_tenure="leased", lease_end_date="2029-05-31"), ["设置标准 Art. 11"]),
    "lease_missing": (snapshot(premises_tenure="leased"), ["设置标准 Art. 11"]),
    "family_size": (family(6, 2), [FAMILY, "Art. 2"]),
    "family_ratio": (family(4, 1), [FAMILY]),
    "family_cctv": (family(5, 2, family_cctv_full_coverage=False), [FAMILY]),
    "family_cctv_retention": (family(5, 2, family_cctv_retention_days=30), [FAMILY]),
    "family_cctv_retention_missing": (family(5, 2, family_cctv_retention_days=None), [FAMILY]),
    "family_legal_form": (family(5, 2, legal_form="social_service"), [FAMILY, "Art. 4"]),
    "family_scope": (family(5, 2, family_scope_named=False), [FAMILY, "Art. 4"]),
    "family_lease_term": (family(5, 2, premises_tenure="leased", lease_end_date="2027-01-01"), [FAMILY]),
    "family_lease_missing": (family(5, 2, premises_tenure="leased"), [FAMILY]),
    "certificate_expired": (
        snapshot(staff=[principal(health_certificate_expiry=YESTERDAY), health_worker(), security_guard()]),
        [ORDER_76],
    ),
    "health_certificate_missing": (
        snapshot(staff=[principal(health_certificate_expiry=None), health_worker(), security_guard()]),
        [ORDER_76],
    ),
    # DESIGN §2a has no row for the floor; it must not borrow the tenure rule's article: the fire code has it.
    "premises_floor": (snapshot(floor=4), ["GB 50016", "5.4.4"]),
    "premises_floor_rating": (snapshot(floor=3, fire_resistance_rating="3"), ["GB 50016", "5.4.4"]),
    "kindergarten_class_age": (
        snapshot([("小托班", ClassType.TODDLER, 15, 3)], category="kindergarten"),
        ["宝坻区实施方案 四(三)"],
    ),
}


def test_every_rule_has_a_source_case():
    assert set(SOURCE_CASES) == set(standards.SOURCES) == set(standards.MESSAGES)


@pytest.mark.parametrize("rule", sorted(SOURCE_CASES))
def test_each_finding_names_the_rule_it_comes_from(rule):
    snap, names = SOURCE_CASES[rule]
    finding = only(snap, rule)
    with translation.override("en"):  # the msgids are the English texts; the zh-hans wording may differ
        described = standards.describe(finding)
    assert described["rule"] == rule
    assert described["message"]
    assert described["source"]
    for name in names:
        assert name in described["source"]
    if rule == "premises_floor":
        assert "Art. 11" not in described["source"]


def test_an_expired_qualification_names_the_staff_article():
    snap = snapshot(staff=[principal(qualification_expiry=YESTERDAY), health_worker(), security_guard()])
    with translation.override("en"):
        assert ART_18 in standards.describe(only(snap, "certificate_expired"))["source"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_finding_can_be_worded_in_each_language(language):
    with translation.override(language):
        for rule, (snap, _names) in SOURCE_CASES.items():
            described = standards.describe(only(snap, rule))
            assert described["message"] and described["source"]
            assert "%(" not in described["message"]


# --- 幼儿园托班: 2–3-year-olds only (Baodi plan 四(三)) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("class_type", "found"),
    [(ClassType.INFANT, True), (ClassType.TODDLER, True), (ClassType.SENIOR, False), (ClassType.MIXED, False)],
)
def test_a_kindergarten_class_with_an_infant_or_toddler_class_is_a_finding(class_type, found):
    snap = snapshot([("一班", class_type, 10, 4)], category="kindergarten")
    assert rules(snap) == (["kindergarten_class_age"] if found else [])
    if found:
        with translation.override("en"):
            message = standards.describe(only(snap, "kindergarten_class_age"))["message"]
        assert "一班" in message and "2 to 3" in message


def test_other_categories_may_have_infant_and_toddler_classes():
    for category in ("independent", "employer", "community"):
        assert rules(snapshot([("乳儿班", ClassType.INFANT, 9, 3)], category=category)) == []


def test_the_reviewer_meets_the_kindergarten_finding_beside_the_classes():
    assert review.FINDING_SECTIONS["kindergarten_class_age"] == Section.CLASSES
