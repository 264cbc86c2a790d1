"""Realistic demo data for `make run`: deterministic, so a second run finds everything in place."""

from __future__ import annotations

import datetime
import io
import random

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfWriter
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from baodi_care.accounts.jurisdictions import DISTRICT_CODE
from institutions.choices import (
    Category,
    ClassType,
    FireResistance,
    HouseUse,
    InstitutionStatus,
    LegalForm,
    MealsSource,
    Ownership,
    PremisesTenure,
    SponsorType,
)

_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_UNIT_PREFIX = {LegalForm.PUBLIC_INSTITUTION: "12", LegalForm.SOCIAL_SERVICE: "52", LegalForm.FOR_PROFIT: "91"}


def blank_pdf() -> bytes:
    """A one-page blank A4 PDF that passes the upload check (core/files.py parses PDFs with pypdf); for tests."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


DEMO_NOTE = "演示文件（仅供演示，不是真实证照） · Demo file, not a real document"


def document_pdf(title: str, institution: str = "") -> bytes:
    """A real one-page A4 PDF with the document's title (and institution), that any PDF viewer opens: the demo's
    documents. Invariant (no creation date or random id), so a second `load_demo` makes the same bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from institutions.filings.pdf import cjk_font

    font = cjk_font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    page.setTitle(title)
    width, height = A4
    page.setFont(font, 22)
    page.drawCentredString(width / 2, height - 150, title)
    if institution:
        page.setFont(font, 14)
        page.drawCentredString(width / 2, height - 190, institution)
    page.setFont(font, 10)
    page.drawCentredString(width / 2, 80, DEMO_NOTE)
    page.rect(40, 40, width - 80, height - 80)
    page.showPage()
    page.save()
    return buffer.getvalue()


def document_image(title: str, kind: str = "png") -> bytes:
    """A real PNG or JPEG (a 'photo' of the document) with its title drawn on it: the demo's images."""
    image = Image.new("RGB", (800, 600), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 779, 579), outline=(60, 60, 60), width=3)
    fonts = None
    for path in settings.PDF_CJK_FONTS:
        try:
            fonts = ImageFont.truetype(path, 40), ImageFont.truetype(path, 18)
            break
        except OSError:
            continue
    if fonts is None:  # no CJK font file: Pillow's own font has no Chinese, so English words
        fonts = ImageFont.load_default(), ImageFont.load_default()
        title, note = "Demo document", "Demo file, not a real document"
    else:
        note = DEMO_NOTE
    draw.text((400, 260), title, fill=(20, 20, 20), font=fonts[0], anchor="mm")
    draw.text((400, 540), note, fill=(90, 90, 90), font=fonts[1], anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG" if kind == "jpg" else "PNG", quality=85)
    return buffer.getvalue()


def make_uscc(legal_form: str, serial: int, region: str = DISTRICT_CODE) -> str:
    """A syntactically valid 统一社会信用代码 (GB 32100 check digit) for demo and test data."""
    org = f"{serial:08d}"[-8:]
    org_code = org + _ORG_ALPHABET[(serial * 7) % 10]
    body = _UNIT_PREFIX[legal_form] + region + org_code
    code = body + stdnum_uscc.calc_check_digit(body)
    stdnum_uscc.validate(code)
    return code


def make_id_number(serial: int, born: datetime.date = datetime.date(1985, 3, 1), region: str = "120101") -> str:
    """A syntactically valid 居民身份证号码 (GB 11643: region, birth date, sequence, check digit) for demo and test
    data; no real person's. The region must have existed in the birth year (120101 always has; Baodi's 120115 only
    since 2001)."""
    body = f"{region}{born:%Y%m%d}{serial % 1000:03d}"
    code = body + stdnum_ric.calc_check_digit(body + "0")
    stdnum_ric.validate(code)
    return code


BRANDS = [
    "小星星",
    "阳光宝贝",
    "童趣",
    "爱弥儿",
    "金色摇篮",
    "蒲公英",
    "小太阳",
    "贝乐",
    "启明星",
    "彩虹桥",
    "乐育",
    "萌芽",
    "禾苗",
    "春芽",
    "小橡树",
    "知心",
    "暖暖",
    "一米阳光",
    "甜甜圈",
    "好宝贝",
    "七色花",
    "小脚丫",
    "蓝天",
    "欣欣",
    "童心园",
    "向日葵",
    "小海豚",
    "满天星",
    "小天使",
    "青苗",
]
ROADS = ["南关大街", "北环路", "建设路", "开元路", "广川路", "宝平路", "渠阳大街", "钰华街", "朝霞路", "东城路"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["秀英", "丽华", "建国", "海燕", "志强", "晓红", "春梅", "卫东", "静", "敏", "磊", "娜", "婷婷", "宇"]

CATEGORY_PLAN = (
    [Category.INDEPENDENT] * 12
    + [Category.KINDERGARTEN_CLASS] * 7
    + [Category.EMPLOYER] * 3
    + [Category.COMMUNITY] * 4
    + [Category.FAMILY] * 4
)
SUFFIX = {
    Category.INDEPENDENT: "托育中心",
    Category.KINDERGARTEN_CLASS: "幼儿园托班",
    Category.EMPLOYER: "职工托育园",
    Category.COMMUNITY: "社区托育点",
    Category.FAMILY: "家庭托育点",
}


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def institution_specs(jurisdictions: list, today: datetime.date) -> list[dict]:
    """Thirty institutions spread over jurisdictions, categories and statuses."""
    rng = random.Random(20261128)  # noqa: S311 - demo data, not security
    specs = []
    workflow, legacy = iter(WORKFLOW_STEPS), iter(LEGACY_STATUSES)
    for i, category in enumerate(CATEGORY_PLAN):
        # Even rows go to the three jurisdictions that have demo officials and walk the filing workflow;
        # odd rows spread over the district as taken over from the existing register.
        if i % 2 == 0:
            jurisdiction = jurisdictions[(i // 2) % 3]
            step, status = next(workflow), None
        else:
            jurisdiction = jurisdictions[3 + (i * 5) % (len(jurisdictions) - 3)]
            step, status = "legacy", next(legacy)
        legal_form = {
            Category.KINDERGARTEN_CLASS: LegalForm.PUBLIC_INSTITUTION,
            Category.COMMUNITY: LegalForm.SOCIAL_SERVICE,
        }.get(category, LegalForm.FOR_PROFIT)
        brand = BRANDS[i]
        name = f"天津市宝坻区{brand}{SUFFIX[category]}"
        if category == Category.FAMILY:
            classes = [{"name": "混龄班", "class_type": ClassType.MIXED, "seats": 5}]
        elif category == Category.KINDERGARTEN_CLASS:
            classes = [{"name": "托班", "class_type": ClassType.SENIOR, "seats": rng.choice([15, 20])}]
        else:
            classes = [
                {"name": "乳儿班", "class_type": ClassType.INFANT, "seats": rng.choice([6, 8, 10])},
                {"name": "托小班", "class_type": ClassType.TODDLER, "seats": rng.choice([12, 15])},
                {"name": "托大班1", "class_type": ClassType.SENIOR, "seats": rng.choice([16, 20])},
            ][: rng.choice([2, 3])]
        leased = category != Category.KINDERGARTEN_CLASS and rng.random() < 0.8
        lease_years = rng.choice([1, 3, 4, 5]) if leased else 0
        specs.append(
            {
                "name": name,
                "uscc": make_uscc(legal_form, 30000 + i * 137),
                "legal_form": legal_form,
                "ownership": Ownership.PUBLIC if legal_form == LegalForm.PUBLIC_INSTITUTION else Ownership.PRIVATE,
                "category": category,
                "offers_full_day": category != Category.FAMILY or i % 2 == 0,
                "offers_half_day": i % 3 == 0,
                "offers_hourly": i % 4 == 0,
                "offers_temporary": i % 5 == 0,
                "is_inclusive": category in (Category.KINDERGARTEN_CLASS, Category.EMPLOYER, Category.COMMUNITY)
                or i % 3 == 0,
                "is_demonstration": i in (0, 7),
                "provides_meals": category != Category.FAMILY,
                "jurisdiction": jurisdiction,
                "address": f"天津市宝坻区{jurisdiction.name}{rng.choice(ROADS)}{rng.randint(1, 299)}号",
                "legal_representative": person(rng),
                "principal_name": person(rng),
                "contact_phone": f"022-{rng.randint(2200, 2299)}{rng.randint(1000, 9999)}",
                "premises_tenure": PremisesTenure.LEASED if leased else PremisesTenure.OWNED,
                "lease_end_date": today.replace(year=today.year + lease_years) - datetime.timedelta(days=i * 11)
                if leased
                else None,
                "floor": 1 if category == Category.FAMILY else rng.choice([1, 1, 2]),
                "building_area": rng.choice([120, 360, 480, 650, 900]),
                "indoor_area": rng.choice([80, 240, 300, 420]),
                "outdoor_area": rng.choice([0, 60, 120, 200]),
                "status": status,
                "step": step,
                "classes": classes,
            }
        )
        specs[-1].update(_filing_form_facts(specs[-1], i, brand))
        if category == Category.FAMILY:
            # A family point's own facts (家庭托育点管理办法（试行）); one in four keeps its recordings too short.
            specs[-1].update(
                family_scope_named=True, family_cctv_full_coverage=True, family_cctv_retention_days=90 if i % 4 else 30
            )
    return specs


def _filing_form_facts(spec: dict, i: int, brand: str) -> dict:
    """The 备案书's 举办者, registration, premises and service facts of a demo institution (no random draw, so the
    rest of the demo stays as it was): a family point's 举办者 is a person, the others a unit."""
    category, legal_form = spec["category"], spec["legal_form"]
    if category == Category.FAMILY:
        sponsor = {
            "sponsor_type": SponsorType.PERSON,
            "sponsor_name": spec["legal_representative"],
            "sponsor_id_number": make_id_number(100 + i),
        }
    else:
        unit = {
            LegalForm.PUBLIC_INSTITUTION: "天津市宝坻区教育局",
            LegalForm.SOCIAL_SERVICE: f"天津市宝坻区{spec['jurisdiction'].name}社区服务中心",
        }.get(legal_form, f"天津{brand}教育科技有限公司")
        sponsor = {
            "sponsor_type": SponsorType.UNIT,
            "sponsor_name": unit,
            "sponsor_id_number": make_uscc(LegalForm.FOR_PROFIT, 60000 + i * 71),
        }
    authority = {
        LegalForm.PUBLIC_INSTITUTION: "天津市宝坻区委机构编制委员会办公室",
        LegalForm.SOCIAL_SERVICE: "天津市宝坻区民政局",
    }.get(legal_form, "天津市宝坻区市场监督管理局")
    leased = spec["premises_tenure"] == PremisesTenure.LEASED
    return {
        **sponsor,
        "sponsor_contact": f"139{20260000 + i * 37:08d}",
        "registered_address": spec["address"],
        "registration_certificate_number": spec["uscc"],
        "registration_authority_name": authority,
        "scope_names_childcare": category != Category.FAMILY,
        "opening_hours": "周一至周五 7:30—17:30" if i % 3 else "周一至周六 7:00—18:00",
        "meals_source": (MealsSource.BOUGHT_IN if i % 5 == 4 else MealsSource.COOKED_ON_SITE)
        if spec["provides_meals"]
        else "",
        "house_use": HouseUse.RESIDENTIAL if category == Category.FAMILY else HouseUse.NON_RESIDENTIAL,
        "fire_resistance_rating": "" if category == Category.FAMILY else FireResistance.TWO,
        "lease_start_date": spec["lease_end_date"] - datetime.timedelta(days=5 * 365) if leased else None,
        "lessor": f"天津{brand}置业有限公司" if leased else "",
    }


def staff_specs(spec: dict, rng: random.Random, today: datetime.date) -> list[dict]:
    """Staff that meet the standards for the classes of `spec` (most of the time: some certificates lapse)."""
    from institutions.choices import Education, StaffRole

    far = today + datetime.timedelta(days=rng.randint(200, 900))
    staff = [
        {
            "name": spec["principal_name"], "role": StaffRole.PRINCIPAL, "education": Education.JUNIOR_COLLEGE,
            "management_years": rng.choice([3, 5, 8]), "training_passed": True,
            "qualification": "托育机构负责人培训合格证",
            "qualification_expiry": far, "health_certificate_expiry": far,
        }
    ]  # fmt: skip
    ratios = {"infant": 3, "toddler": 5, "senior": 7, "mixed": 3 if spec["category"] == Category.FAMILY else 5}
    for c in spec["classes"]:
        for k in range(-(-c["seats"] // ratios[c["class_type"]])):
            staff.append(
                {
                    "name": person(rng), "role": StaffRole.CAREGIVER, "class_name": c["name"],
                    "education": Education.HIGH_SCHOOL, "qualification": "保育师证",
                    "qualification_expiry": far,
                    # the first caregiver's health certificate runs out soon: something for reminders to catch
                    "health_certificate_expiry": far if k else today + datetime.timedelta(days=20),
                }
            )  # fmt: skip
    if spec["category"] != Category.FAMILY:
        staff.append(
            {"name": person(rng), "role": StaffRole.HEALTH, "qualification": "妇幼保健机构培训合格证",
             "health_certificate_expiry": far}
        )  # fmt: skip
        staff.append(
            {"name": person(rng), "role": StaffRole.SECURITY, "qualification": "保安员证",
             "health_certificate_expiry": far}
        )  # fmt: skip
        if spec["provides_meals"]:
            staff.append({"name": person(rng), "role": StaffRole.COOK, "health_certificate_expiry": far})
    # Each with a (made-up, valid) ID number and the 无犯罪记录 declaration; one caregiver of every sixth
    # institution has not declared yet, for the reviewer to see.
    serial = int(spec["uscc"][-5:-1], 36)
    for k, member in enumerate(staff):
        member["id_number"] = make_id_number(serial + k, born=datetime.date(1980 + (serial + k) % 20, 1 + k % 12, 9))
        member["no_criminal_record_declared"] = not (k == 1 and serial % 6 == 0)
    return staff


# The filing workflow each demo institution in an official's jurisdiction is walked through, so that every
# filing state exists (and one change filing is overdue).
WORKFLOW_STEPS = [
    "submitted", "returned", "accepted", "rejected", "draft", "change_submitted", "change_accepted",
    "change_overdue", "filed", "filed", "submitted_overdue", "filed", "filed", "filed", "filed",
]  # fmt: skip
LEGACY_STATUSES = [InstitutionStatus.FILED] * 10 + [
    InstitutionStatus.SUSPENDED, InstitutionStatus.SUSPENDED, InstitutionStatus.CLOSED, InstitutionStatus.CLOSED,
    InstitutionStatus.DRAFT,
]  # fmt: skip
