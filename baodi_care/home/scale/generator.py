"""A national-size data set for benchmarks: institutions in every state, years of filings, inspections with their
item checks, rectifications, fee disclosures, operating reports and complaints (`manage.py generate_scale_data`).

Rows go in through `bulk.Table` (COPY on PostgreSQL), not through the services: the services' checks, events and
notifications cost milliseconds a row, and a benchmark needs millions. What the services guarantee is kept by
construction instead: one open filing per institution, a filed institution has an acknowledged initial filing
with a receipt number (and the receipt counter is moved past them), one published fee disclosure, one report a
month, one check per checklist item, rectifications only for items found non-compliant, events for every step.

The data is skewed like a real district's: a few 街镇 hold most institutions, most institutions are filed and
small, a tenth were inspected and asked to rectify. A seed makes it repeatable.

Benchmark accounts (one password for all, `--password`; staff get an authenticator with the key `SCALE_TOTP_KEY`
so that a load script can compute their codes): `scale_official_<n>` in each 街镇 (n = 1 … officials per 街镇),
`scale_commission_<n>`, `scale_department_<n>`, and the operators `scale_operator_<n>`, owners of one or more
institutions each.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.cn import uscc as uscc_number

from baodi_care.accounts.choices import MemberDepartment, Role
from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.accounts.second_factor.services import AUTHENTICATOR_NAME
from baodi_care.home.scale.bulk import Table, as_decimal
from institutions.choices import (
    Category,
    ClassType,
    FilingAction,
    FilingKind,
    FilingStatus,
    InstitutionStatus,
    LegalForm,
)
from institutions.filings.snapshots import INSTITUTION_FIELDS, STAFF_FIELDS
from institutions.models import (
    ClassGroup,
    FeeItem,
    FeeSchedule,
    Filing,
    FilingEvent,
    Institution,
    Membership,
    OperatingReport,
    ReceiptCounter,
    StaffMember,
)
from supervision.checklists.selectors import current_template
from supervision.inspections.services import note_last_inspections
from supervision.models import (
    Complaint,
    ComplaintEvent,
    Inspection,
    ItemCheck,
    Rectification,
    RectificationEvent,
)

# The authenticator key (hex, 20 bytes) every generated staff account gets: benchmark data only.
SCALE_TOTP_KEY = "3132333435363738393031323334353637383930"
SCALE_PASSWORD = "Scale-Bench-Quokka-2026"  # noqa: S105 - benchmark data only, documented as such

ADJECTIVES = [
    "阳光",
    "小星星",
    "童心",
    "爱贝",
    "启智",
    "乐育",
    "金色",
    "彩虹",
    "小太阳",
    "蓝天",
    "春芽",
    "七色花",
    "贝乐",
    "博雅",
    "乐童",
    "宝贝",
    "嘉禾",
    "向日葵",
    "小橡树",
    "萌芽",
]
NOUNS = ["托育中心", "托育园", "育婴园", "婴幼儿照护中心", "托育馆", "成长中心", "托育之家"]
SURNAMES = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "赵",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "胡",
    "朱",
    "高",
    "林",
    "何",
    "郭",
    "马",
    "罗",
    "梁",
    "宋",
    "郑",
    "谢",
    "韩",
    "唐",
    "冯",
    "于",
    "董",
    "萧",
    "程",
    "曹",
    "袁",
    "邓",
    "许",
    "傅",
    "沈",
    "曾",
    "彭",
    "吕",
]
GIVEN = [
    "丽",
    "华",
    "敏",
    "静",
    "强",
    "伟",
    "芳",
    "娜",
    "秀",
    "英",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂",
    "红",
    "玉",
    "兰",
    "燕",
    "鹏",
    "辉",
    "宇",
]
STREETS = [
    "建设路",
    "南关大街",
    "城关街",
    "广川路",
    "开元路",
    "渠阳大街",
    "环城南路",
    "宝平路",
    "钰华街",
    "海滨大道",
    "珠江路",
    "九园公路",
]
TEMPLATE_NOTES = ["已更换灭火器", "已整改并张贴制度", "已补充台账", "已组织培训", "已清理通道", "已更新健康证"]


@dataclass(frozen=True)
class Sizes:
    institutions: int = 1_000
    filings: float = 3.0  # per institution, over the years
    inspections: float = 2.0  # per filed institution, over the years
    rectify_share: float = 0.2  # finished inspections that asked for rectification
    fee_disclosures: int = 2  # versions per filed institution (the last published)
    reports: int = 12  # months of operating reports per filed institution
    complaints: int = 0  # default: one per ten institutions
    years: int = 5
    officials_per_jurisdiction: int = 2
    district_users: int = 4  # commission and member-department accounts each
    seed: int = 2026


def valid_uscc(rng: random.Random, serial: int) -> str:
    """A unified social credit code that python-stdnum accepts: 9 (enterprise) 1, Baodi's 120224, an
    organisation code with its GB 11714 check digit, then the GB 32100 check digit."""
    prefix = rng.choice(["91", "52", "12"])
    body = f"{serial:08d}"[-8:]
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    org = body + {10: "X", 11: "0"}.get(check, str(check))
    first17 = f"{prefix}120224{org}"
    number = first17 + uscc_number.calc_check_digit(first17)
    return number


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


class Generator:
    def __init__(self, sizes: Sizes, *, password: str = SCALE_PASSWORD, say: Callable[[str], None] = print):
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)  # noqa: S311 - repeatable invented data, no secret
        self.say = say
        self.password_hash = make_password(password)
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.start = self.today - datetime.timedelta(days=365 * sizes.years)
        self.counts: dict[str, int] = {}
        self.receipts: dict[int, int] = {}  # year → last receipt number used
        self.owner_of: dict[int, int] = {}  # institution id → its owner's user id
        self.jurisdiction_of: dict[int, int] = {}  # institution id → jurisdiction id

    # --- helpers -------------------------------------------------------------------------------------------------

    def moment(self, after: datetime.date, before: datetime.date | None = None) -> datetime.datetime:
        before = before or self.today
        span = max((before - after).days, 0)
        day = after + datetime.timedelta(days=self.rng.randint(0, span))
        seconds = self.rng.randint(8 * 3600, 18 * 3600)
        naive = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(seconds=seconds)
        return timezone.make_aware(naive)

    def later(self, moment: datetime.datetime, low: int, high: int) -> datetime.datetime:
        result = moment + datetime.timedelta(days=self.rng.randint(low, high), hours=self.rng.randint(0, 6))
        return min(result, self.now)

    def pick(self, weighted: dict):
        return self.rng.choices(list(weighted), weights=list(weighted.values()))[0]

    # --- the run ---------------------------------------------------------------------------------------------------

    @transaction.atomic
    def run(self) -> dict[str, int]:
        self.jurisdictions = list(Jurisdiction.objects.filter(is_active=True).order_by("code"))
        if not self.jurisdictions:
            raise ValueError("No active jurisdictions: run migrate first.")
        self.template = current_template()
        if self.template is None:
            raise ValueError("No current checklist: run migrate first.")
        self.items = list(self.template.items.order_by("position", "pk"))
        self.receipts = dict(ReceiptCounter.objects.values_list("year", "last"))
        self.tables = {
            m: Table(m)
            for m in (
                User,
                TOTPDevice,
                Institution,
                ClassGroup,
                StaffMember,
                Membership,
                Filing,
                FilingEvent,
                FeeSchedule,
                FeeItem,
                OperatingReport,
                Inspection,
                ItemCheck,
                Rectification,
                RectificationEvent,
                Complaint,
                ComplaintEvent,
            )
        }
        self.staff_accounts()
        self.say("accounts ready")
        self.institutions()
        self.complaints()
        for model, table in self.tables.items():
            self.counts[model._meta.label] = table.finish()
        self.receipt_counters()
        note_last_inspections(Institution.objects.all())  # what finishing them through the service keeps
        return self.counts

    # --- accounts --------------------------------------------------------------------------------------------------

    def user(self, username: str, role: str, *, full_name: str, jurisdiction_id=None, department="") -> int:
        user_id = self.tables[User].add(
            password=self.password_hash,
            username=username,
            email=f"{username}@scale.example.cn",
            is_active=True,
            is_staff=False,
            is_superuser=False,
            date_joined=self.now,
            full_name=full_name,
            role=role,
            jurisdiction_id=jurisdiction_id,
            department=department,
            phone="",
            password_changed_at=self.now,
            first_name="",
            last_name="",
        )
        if role != Role.OPERATOR:
            self.tables[TOTPDevice].add(
                user_id=user_id,
                name=AUTHENTICATOR_NAME,
                confirmed=True,
                key=SCALE_TOTP_KEY,
                step=30,
                t0=0,
                digits=6,
                tolerance=1,
                drift=0,
                last_t=-1,
                throttling_failure_count=0,
            )
        return user_id

    def staff_accounts(self) -> None:
        s = self.sizes
        self.officials: dict[int, list[int]] = {}
        for j_index, jurisdiction in enumerate(self.jurisdictions, start=1):
            self.officials[jurisdiction.pk] = [
                self.user(
                    f"scale_official_{j_index}_{n}",
                    Role.OFFICIAL,
                    full_name=f"{_person(self.rng)}（{jurisdiction.name}）",
                    jurisdiction_id=jurisdiction.pk,
                )
                for n in range(1, s.officials_per_jurisdiction + 1)
            ]
        self.commission = [
            self.user(f"scale_commission_{n}", Role.COMMISSION, full_name=f"{_person(self.rng)}（区卫健委）")
            for n in range(1, s.district_users + 1)
        ]
        departments = [d for d in MemberDepartment.values]
        for n in range(1, s.district_users + 1):
            self.user(
                f"scale_department_{n}",
                Role.DEPARTMENT,
                full_name=_person(self.rng),
                department=departments[(n - 1) % len(departments)],
            )

    # --- institutions and all that hangs on them -----------------------------------------------------------------

    def institutions(self) -> None:
        s = self.sizes
        # Skewed 街镇 sizes: weight 1/rank^0.9, the ranks shuffled so the big ones are not simply the first codes.
        ranks = list(range(1, len(self.jurisdictions) + 1))
        self.rng.shuffle(ranks)
        weights = [1 / r**0.9 for r in ranks]
        operator_id = None
        operator_serial = 0
        for n in range(1, s.institutions + 1):
            if operator_id is None or self.rng.random() > 0.15:  # 15 % of institutions belong to a chain
                operator_serial += 1
                operator_id = self.user(f"scale_operator_{operator_serial}", Role.OPERATOR, full_name=_person(self.rng))
            jurisdiction = self.rng.choices(self.jurisdictions, weights=weights)[0]
            self.institution(n, jurisdiction, operator_id)
            if n % 10_000 == 0:
                self.say(f"{n} institutions")

    def institution(self, n: int, jurisdiction: Jurisdiction, operator_id: int) -> None:
        rng = self.rng
        status = self.pick(
            {
                InstitutionStatus.FILED: 75,
                InstitutionStatus.DRAFT: 12,
                InstitutionStatus.CHANGE_PENDING: 5,
                InstitutionStatus.SUSPENDED: 3,
                InstitutionStatus.CLOSED: 5,
            }
        )
        legal_form = self.pick(
            {LegalForm.FOR_PROFIT: 70, LegalForm.SOCIAL_SERVICE: 20, LegalForm.PUBLIC_INSTITUTION: 10}
        )
        category = self.pick(
            {
                Category.INDEPENDENT: 55,
                Category.KINDERGARTEN_CLASS: 25,
                Category.COMMUNITY: 10,
                Category.EMPLOYER: 5,
                Category.FAMILY: 5,
            }
        )
        registered = self.moment(self.start, self.today - datetime.timedelta(days=30))
        leased = rng.random() < 0.8
        facts = {
            "name": f"{jurisdiction.name[:2]}{rng.choice(ADJECTIVES)}{rng.choice(NOUNS)}{n}",
            "uscc": valid_uscc(rng, n),
            "legal_form": legal_form,
            "ownership": "public" if legal_form == LegalForm.PUBLIC_INSTITUTION else "private",
            "category": category,
            "offers_full_day": True,
            "offers_half_day": rng.random() < 0.5,
            "offers_hourly": rng.random() < 0.3,
            "offers_temporary": rng.random() < 0.2,
            "is_inclusive": rng.random() < 0.55,
            "is_demonstration": rng.random() < 0.05,
            "provides_meals": rng.random() < 0.8,
            "address": f"天津市宝坻区{jurisdiction.name}{rng.choice(STREETS)}{rng.randint(1, 999)}号",
            "legal_representative": _person(rng),
            "principal_name": _person(rng),
            "contact_phone": _mobile(rng),
            "contact_email": "",
            "premises_tenure": "leased" if leased else "owned",
            "lease_end_date": (self.today + datetime.timedelta(days=rng.randint(-60, 1500))) if leased else None,
            "floor": rng.choice([1, 1, 1, 2, 3]),
            "building_area": as_decimal(rng.uniform(150, 1200)),
            "indoor_area": as_decimal(rng.uniform(100, 800)),
            "outdoor_area": as_decimal(rng.uniform(0, 400)),
        }
        # The 备案书's other facts, drawn from nothing random (the rest of the data stays as it was generated).
        facts.update(
            sponsor_type="unit",
            sponsor_name=f"{facts['name']}举办单位",
            sponsor_id_number="",
            sponsor_contact=facts["contact_phone"],
            registered_address=facts["address"],
            registration_certificate_number=facts["uscc"],
            registration_authority_name="天津市宝坻区市场监督管理局",
            scope_names_childcare=True,
            opening_hours="周一至周五 7:30—17:30",
            meals_source="on_site" if facts["provides_meals"] else "",
            house_use="residential" if category == Category.FAMILY else "non_residential",
            fire_resistance_rating="2",
            lease_start_date=facts["lease_end_date"] - datetime.timedelta(days=5 * 365) if leased else None,
            lessor="出租方" if leased else "",
        )
        institution_id = self.tables[Institution].add(
            **facts, jurisdiction_id=jurisdiction.pk, status=status, created_at=registered, updated_at=registered
        )
        self.owner_of[institution_id] = operator_id
        self.jurisdiction_of[institution_id] = jurisdiction.pk
        self.tables[Membership].add(
            user_id=operator_id, institution_id=institution_id, is_owner=True, created_at=registered
        )
        classes, staff = self.classes_and_staff(institution_id, category)
        snapshot = {
            "institution": {
                **{
                    f: (str(v) if v is not None and not isinstance(v, bool | int | str) else v)
                    for f, v in facts.items()
                },
                "jurisdiction": jurisdiction.name,
                "jurisdiction_code": jurisdiction.code,
            },
            "classes": classes,
            "staff": staff,
        }
        assert set(snapshot["institution"]) >= set(INSTITUTION_FIELDS)  # noqa: S101 - same picture as build_snapshot
        filed_at = self.filings(institution_id, status, registered, operator_id, jurisdiction.pk, snapshot)
        if filed_at is None:
            return
        self.fees(institution_id, filed_at, operator_id, classes)
        self.reports(institution_id, filed_at, operator_id, classes, len(staff))
        self.inspections(institution_id, filed_at, jurisdiction.pk)

    def classes_and_staff(self, institution_id: int, category: str) -> tuple[list[dict], list[dict]]:
        rng = self.rng
        count = 1 if category == Category.FAMILY else rng.choice([1, 2, 2, 3, 3, 4, 5])
        classes, staff = [], []
        for index in range(count):
            class_type = ClassType.MIXED if category == Category.FAMILY else rng.choice(ClassType.values)
            seats = 5 if category == Category.FAMILY else rng.choice([10, 15, 18, 20, 25])
            name = f"{index + 1}班"
            class_id = self.tables[ClassGroup].add(
                institution_id=institution_id, name=name, class_type=class_type, seats=seats
            )
            classes.append({"name": name, "class_type": class_type, "seats": seats})
            for _ in range(2):
                staff.append(self.staff_member(institution_id, "caregiver", class_id, name))
        for role in ("principal", "health", "security", "cook"):
            staff.append(self.staff_member(institution_id, role, None, ""))
        classes.sort(key=lambda c: (c["class_type"], c["name"]))
        staff.sort(key=lambda s: (s["role"], s["name"]))
        return classes, staff

    def staff_member(self, institution_id: int, role: str, class_id, class_name: str) -> dict:
        rng = self.rng
        values = {
            "name": _person(rng),
            "role": role,
            "education": rng.choice(["high_school", "junior_college", "junior_college", "bachelor"]),
            "management_years": rng.randint(3, 12) if role == "principal" else 0,
            "training_passed": role in ("principal", "caregiver"),
            "qualification": "保育师" if role == "caregiver" else "",
            "qualification_expiry": None,
            "health_certificate_expiry": self.today + datetime.timedelta(days=rng.randint(-20, 365)),
            "full_time": rng.random() < 0.9,
        }
        self.tables[StaffMember].add(institution_id=institution_id, class_group_id=class_id, **values)
        plain = {
            f: (v.isoformat() if isinstance(v, datetime.date) else v) for f, v in values.items() if f in STAFF_FIELDS
        }
        return {**plain, "class": class_name}

    # --- filings --------------------------------------------------------------------------------------------------

    def filing(
        self,
        institution_id: int,
        kind: str,
        status: str,
        created: datetime.datetime,
        operator_id: int,
        official_id: int,
        snapshot: dict,
    ) -> datetime.datetime | None:
        """One filing and its events; returns when it was filed (acknowledged), if it was."""
        submitted = self.later(created, 0, 20) if status != FilingStatus.DRAFT else None
        decided = self.later(submitted, 1, 12) if status in (FilingStatus.FILED, FilingStatus.REJECTED) else None
        receipt = None
        if status == FilingStatus.FILED:
            year = timezone.localdate(decided).year
            self.receipts[year] = self.receipts.get(year, 0) + 1
            receipt = f"{settings.RECEIPT_PREFIX}〔{year}〕{self.receipts[year]:04d}"
        filing_id = self.tables[Filing].add(
            institution_id=institution_id,
            kind=kind,
            status=status,
            version=1,
            created_at=created,
            updated_at=decided or submitted or created,
            applicant_name=_person(self.rng),
            applicant_phone=_mobile(self.rng),
            service_start_date=created.date(),
            change_date=created.date() if kind == FilingKind.CHANGE else None,
            change_description="变更场地租赁合同" if kind == FilingKind.CHANGE else "",
            stop_date=created.date() if kind == FilingKind.DEREGISTRATION else None,
            children_arrangements="已妥善安置在托婴幼儿" if kind == FilingKind.DEREGISTRATION else "",
            pledge_accepted=status != FilingStatus.DRAFT,
            snapshot=snapshot if submitted else {},
            baseline=snapshot if kind == FilingKind.CHANGE else {},
            findings=[],
            proposed_facts={},
            round=1,
            submitted_at=submitted,
            first_submitted_at=submitted,
            # Roughly 5 and 15 working days (a week and three weeks): the scale data needs no holiday calendar.
            received_on=submitted.date() if submitted else None,
            receipt_due=(submitted.date() + datetime.timedelta(days=7)) if submitted else None,
            answer_due=(submitted.date() + datetime.timedelta(days=21)) if submitted else None,
            decided_at=decided,
            receipt_number=receipt,
            verification_token=secrets.token_urlsafe(16) if receipt else None,
            created_by_id=operator_id,
        )
        steps = [("create", "", "draft", operator_id, created, "")]
        if submitted:
            steps.append((FilingAction.SUBMIT, "draft", "submitted", operator_id, submitted, ""))
        if status == FilingStatus.RETURNED:
            returned = self.later(submitted, 1, 4)
            steps.append((FilingAction.RETURN, "submitted", "returned", official_id, returned, "请补充租赁合同"))
        if status in (FilingStatus.ACCEPTED, FilingStatus.FILED):
            accepted = min(self.later(submitted, 0, 4), decided or self.now)
            steps.append((FilingAction.ACCEPT, "submitted", "accepted", official_id, accepted, ""))
        if status == FilingStatus.FILED:
            steps.append((FilingAction.ACKNOWLEDGE, "accepted", "filed", self.rng.choice(self.commission), decided, ""))
        if status == FilingStatus.REJECTED:
            steps.append((FilingAction.REJECT, "submitted", "rejected", official_id, decided, "场地不符合要求"))
        self.events(FilingEvent, {"filing_id": filing_id}, steps)
        return decided if status == FilingStatus.FILED else None

    def filings(self, institution_id, status, registered, operator_id, jurisdiction_id, snapshot):
        """The institution's filings over the years, consistent with its status; returns when it was first filed."""
        official = self.rng.choice(self.officials[jurisdiction_id])
        if status == InstitutionStatus.DRAFT:
            open_status = self.pick(
                {
                    FilingStatus.DRAFT: 30,
                    FilingStatus.SUBMITTED: 35,
                    FilingStatus.RETURNED: 15,
                    FilingStatus.ACCEPTED: 10,
                    FilingStatus.REJECTED: 10,
                }
            )
            recent = self.moment(max(registered.date(), self.today - datetime.timedelta(days=60)))
            self.filing(institution_id, FilingKind.INITIAL, open_status, recent, operator_id, official, snapshot)
            return None
        filed_at = self.filing(
            institution_id, FilingKind.INITIAL, FilingStatus.FILED, registered, operator_id, official, snapshot
        )
        extra = max(0, round(self.rng.gauss(self.sizes.filings - 1, 1)))
        moment = filed_at
        for _ in range(extra):  # change filings over the years, each decided before the next
            if moment >= self.now - datetime.timedelta(days=30):
                break
            created = self.later(moment, 30, 400)
            result = self.pick({FilingStatus.FILED: 90, FilingStatus.REJECTED: 10})
            moment = self.filing(
                institution_id, FilingKind.CHANGE, result, created, operator_id, official, snapshot
            ) or (self.later(created, 5, 20))
        if status == InstitutionStatus.CHANGE_PENDING:
            open_status = self.pick({FilingStatus.SUBMITTED: 60, FilingStatus.ACCEPTED: 25, FilingStatus.RETURNED: 15})
            created = self.moment(self.today - datetime.timedelta(days=20))
            self.filing(institution_id, FilingKind.CHANGE, open_status, created, operator_id, official, snapshot)
        if status == InstitutionStatus.CLOSED:
            created = self.later(moment, 30, 300)
            self.filing(
                institution_id, FilingKind.DEREGISTRATION, FilingStatus.FILED, created, operator_id, official, snapshot
            )
        return filed_at

    def receipt_counters(self) -> None:
        for year, last in self.receipts.items():
            counter, _ = ReceiptCounter.objects.get_or_create(year=year)
            if counter.last < last:
                ReceiptCounter.objects.filter(pk=counter.pk).update(last=last)

    # --- fees and reports ----------------------------------------------------------------------------------------

    def fees(self, institution_id: int, filed_at: datetime.datetime, operator_id: int, classes: list[dict]) -> None:
        moment = filed_at
        versions = self.sizes.fee_disclosures
        for version in range(1, versions + 1):
            published = self.later(moment, 1, 200) if version > 1 else self.later(filed_at, 0, 10)
            status = "published" if version == versions else "superseded"
            schedule_id = self.tables[FeeSchedule].add(
                institution_id=institution_id,
                version=version,
                status=status,
                valid_from=published.date(),
                valid_to=None,
                review_months=12,
                refund_rules="按实际出勤天数退还保育费。",
                advance_payment_rules="预收不超过3个月。",
                published_at=published,
                published_by_id=operator_id,
                created_by_id=operator_id,
                created_at=published,
            )
            for class_type in sorted({c["class_type"] for c in classes}):
                self.tables[FeeItem].add(
                    schedule_id=schedule_id,
                    fee_type="care",
                    name="保育费",
                    class_type=class_type,
                    service_form="full_day",
                    amount=as_decimal(self.rng.uniform(1500, 4500), 0),
                    unit="month",
                    note="",
                )
            self.tables[FeeItem].add(
                schedule_id=schedule_id,
                fee_type="meals",
                name="伙食费",
                class_type="",
                service_form="",
                amount=as_decimal(self.rng.uniform(15, 30), 0),
                unit="day",
                note="",
            )
            moment = published

    def reports(self, institution_id, filed_at, operator_id, classes, staff_count) -> None:
        seats = sum(c["seats"] for c in classes)
        first = filed_at.date().replace(day=1)
        month = self.today.replace(day=1)
        for _ in range(self.sizes.reports):
            month = (month - datetime.timedelta(days=1)).replace(day=1)
            if month < first:
                break
            enrolled = [self.rng.randint(0, max(seats // 4, 1)) for _ in range(4)]
            self.tables[OperatingReport].add(
                institution_id=institution_id,
                period=month,
                enrolled_infant=enrolled[0],
                enrolled_toddler=enrolled[1],
                enrolled_senior=enrolled[2],
                enrolled_mixed=enrolled[3],
                staff_on_duty=staff_count,
                caregivers_on_duty=max(staff_count - 4, 1),
                incidents=1 if self.rng.random() < 0.02 else 0,
                incident_notes="",
                submitted_by_id=operator_id,
                seats_at_submission=seats,
                submitted_at=self.later(
                    timezone.make_aware(datetime.datetime.combine(month, datetime.time(10))), 32, 40
                ),
            )

    # --- inspections and rectifications --------------------------------------------------------------------------

    def inspections(self, institution_id: int, filed_at: datetime.datetime, jurisdiction_id: int) -> None:
        rng = self.rng
        count = max(0, round(rng.gauss(self.sizes.inspections, 1)))
        # The chance of an item found non-compliant such that `rectify_share` of inspections find at least one.
        p_item = 1 - (1 - self.sizes.rectify_share) ** (1 / max(len(self.items), 1))
        departments = list(MemberDepartment.values)
        for _ in range(count):
            on = self.moment(filed_at.date()).date()
            official = rng.choice(self.officials[jurisdiction_id])
            finished = on < self.today - datetime.timedelta(days=3) or rng.random() < 0.5
            kind = self.pick({"routine": 80, "special": 12, "joint": 8})
            outcomes = ["non_compliant" if rng.random() < p_item else "compliant" for _ in self.items]
            if not finished:
                outcomes = ["" for _ in self.items]
            rectify = "non_compliant" in outcomes
            created = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
            inspection_id = self.tables[Inspection].add(
                institution_id=institution_id,
                template_id=self.template.pk,
                mode=self.pick({"planned": 70, "unannounced": 30}),
                kind=kind,
                departments=rng.sample(departments, 2) if kind == "joint" else [],
                inspected_on=on,
                inspectors=_person(rng) + "、" + _person(rng),
                complaint_id=None,
                status="finished" if finished else "draft",
                result=("rectify" if rectify else "compliant") if finished else "",
                summary="现场检查" if finished else "",
                finished_at=created + datetime.timedelta(hours=3) if finished else None,
                created_by_id=official,
                created_at=created,
                updated_at=created,
            )
            for item, outcome in zip(self.items, outcomes, strict=True):
                check_id = self.tables[ItemCheck].add(
                    inspection_id=inspection_id,
                    item_id=item.pk,
                    outcome=outcome,
                    note="现场发现问题" if outcome == "non_compliant" else "",
                )
                if outcome == "non_compliant":
                    self.rectification(check_id, institution_id, item, created, official)

    def rectification(self, check_id, institution_id, item, opened: datetime.datetime, official_id: int) -> None:
        deadline = opened.date() + datetime.timedelta(days=item.rectification_days or 15)
        age = (self.today - opened.date()).days
        status = "verified" if age > 60 else self.pick({"open": 40, "answered": 30, "verified": 30})
        answered = self.later(opened, 1, 14) if status != "open" else None
        verified = self.later(answered, 1, 7) if status == "verified" else None
        rectification_id = self.tables[Rectification].add(
            item_check_id=check_id,
            institution_id=institution_id,
            deadline=deadline,
            status=status,
            version=1,
            response=self.rng.choice(TEMPLATE_NOTES) if answered else "",
            answered_at=answered,
            verification_note="复查合格" if verified else "",
            verified_at=verified,
            created_at=opened,
        )
        steps = [("open", "", "open", official_id, opened, "")]
        if answered:
            steps.append(("answer", "open", "answered", self.owner_of.get(institution_id, official_id), answered, ""))
        if verified:
            steps.append(("verify", "answered", "verified", official_id, verified, ""))
        self.events(RectificationEvent, {"rectification_id": rectification_id}, steps)

    def events(self, model, parent: dict, steps: list[tuple]) -> None:
        """The event rows of one workflow: (action, from status, to status, by, at, note) for each step."""
        for action, before, after, by_id, at, note in steps:
            self.tables[model].add(
                **parent, action=action, from_status=before, to_status=after, by_id=by_id, at=at, note=note
            )

    # --- complaints ----------------------------------------------------------------------------------------------

    def complaints(self) -> None:
        count = self.sizes.complaints or self.sizes.institutions // 10
        alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
        institution_ids = list(self.jurisdiction_of)
        for n in range(count):
            jurisdiction = self.rng.choice(self.jurisdictions)
            about = self.rng.random() < 0.9
            institution_id = self.rng.choice(institution_ids) if about else None
            jurisdiction_id = self.jurisdiction_of[institution_id] if about else jurisdiction.pk
            received = self.moment(self.start)
            age = (self.today - received.date()).days
            status = (
                "closed" if age > 30 else self.pick({"received": 25, "triaged": 25, "in_progress": 25, "closed": 25})
            )
            code = "S" + "".join(alphabet[(n // 32**k) % 32] for k in range(9))
            closed = self.later(received, 2, 20) if status == "closed" else None
            complaint_id = self.tables[Complaint].add(
                tracking_code=code,
                institution_id=institution_id,
                institution_name="" if about else f"{jurisdiction.name[:2]}无证看护点{n}",
                jurisdiction_id=jurisdiction_id,
                category=self.rng.choice(["safety", "care", "food", "fees", "staff", "unregistered", "other"]),
                description="家长反映情况，请核实处理。",
                contact_name=_person(self.rng),
                contact_phone=_mobile(self.rng),
                status=status,
                risk_level=self.pick({"low": 50, "medium": 35, "high": 12, "urgent": 3})
                if status != "received"
                else "",
                outcome="已核实并督促整改" if closed else "",
                version=1,
                received_at=received,
                closed_at=closed,
            )
            official = self.rng.choice(self.officials[jurisdiction_id])
            steps = [("submit", "", "received", None, received, "")]
            at = received
            ladder = [
                ("triage", "received", "triaged"),
                ("handle", "triaged", "in_progress"),
                ("close", "in_progress", "closed"),
            ]
            for action, before, after in ladder[: {"triaged": 1, "in_progress": 2, "closed": 3}.get(status, 0)]:
                at = closed if action == "close" and closed else self.later(at, 0, 3)
                steps.append((action, before, after, official, at, ""))
            self.events(ComplaintEvent, {"complaint_id": complaint_id}, steps)
