"""The register's rows read as the portal's values: Chinese or English headers and choices, an error per bad cell."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.spreadsheets import label, yes_no
from institutions.choices import (
    SERVICE_FORM_FIELDS,
    Category,
    ClassType,
    InstitutionStatus,
    LegalForm,
    Ownership,
    PremisesTenure,
    ServiceForm,
)
from institutions.imports.messages import (
    BAD_CHOICE,
    BAD_DATE,
    BAD_DECIMAL,
    BAD_NUMBER,
    BAD_YES_NO,
    JURISDICTION_MISMATCH,
    UNKNOWN_JURISDICTION,
)
from institutions.imports.readers import _normal
from institutions.register.columns import REGISTER_COLUMNS, Column

# The columns a file may have: the register export's, and what a registration list adds (kept on Registration).
REGISTRATION_COLUMNS: tuple[Column, ...] = (
    Column("business_scope", _("Business scope"), "text", "business_scope"),
    Column("registered_on", _("Registered on"), "date", "registered_on"),
    Column("filed_on", _("Filed on"), "date", "filed_on"),
)
IMPORT_COLUMNS: tuple[Column, ...] = (*REGISTER_COLUMNS, *REGISTRATION_COLUMNS)
IMPORT_COLUMNS_BY_KEY = {c.key: c for c in IMPORT_COLUMNS}

# Headers of registers kept before the portal (and of the sample file): Chinese terms that are data, not
# interface text, so they are recognised whatever the translation catalogue says.
ALIASES = {
    "id": ("编号", "序号"),
    "name": (
        "名称", "机构名称", "托育机构名称", "机构注册登记名称", "注册登记名称", "登记名称", "机构全称", "单位名称",
        "企业名称", "主体名称",
    ),
    "uscc": ("统一社会信用代码", "信用代码", "社会信用代码", "统一信用代码", "组织机构代码"),
    "jurisdiction_code": ("街镇代码", "区划代码", "统计用区划代码"),
    "jurisdiction": (
        "街镇", "所属街镇", "所在街镇", "所属街道（镇）", "所属街道(镇)", "所在街道（镇）", "街道（镇）", "所属街道",
        "街道/镇", "街道镇", "镇街", "所属镇街", "乡镇街道",
    ),
    "legal_form": ("法人类型", "登记类型", "机构性质（登记类型）", "法人性质"),
    "registration_authority": ("登记机关", "登记管理机关"),
    "ownership": ("举办性质", "公办民办", "办托性质", "公民办"),
    "category": ("机构类型", "类别", "机构类别", "托育机构类型", "服务类型"),
    "is_inclusive": ("普惠", "普惠性", "是否普惠", "是否普惠性"),
    "is_demonstration": ("示范", "示范机构", "是否示范"),
    "service_forms": ("服务形式", "托育服务形式", "托育形式"),
    "provides_meals": ("提供膳食", "是否提供膳食", "是否供餐"),
    "seats_infant": ("乳儿班托位", "乳儿班托位数"),
    "seats_toddler": ("托小班托位", "托小班托位数"),
    "seats_senior": ("托大班托位", "托大班托位数"),
    "seats_mixed": ("混合班托位", "混合班托位数"),
    "seats": ("托位", "托位数", "总托位数", "托位数（个）", "核定托位数", "设计托位数", "备案托位数"),
    "status": ("状态", "备案状态"),
    # The 住所 on the licence and the address where children are cared for are two facts, each kept.
    "registered_address": ("机构住所", "住所", "注册地址", "登记住所", "住所（注册地址）"),
    "address": ("地址", "机构地址", "详细地址", "服务地址", "实际服务地址", "实际地址", "托育场所地址"),
    "sponsor_name": ("举办者", "举办者名称", "举办单位", "举办人", "举办者（单位或个人）"),
    "legal_representative": ("法定代表人", "法人代表", "法定代表人姓名"),
    "principal_name": ("负责人", "机构负责人", "负责人姓名"),
    "contact_phone": ("联系电话", "电话", "联系方式", "手机", "负责人电话"),
    "contact_email": ("联系邮箱", "电子邮箱", "邮箱"),
    "premises_tenure": ("场地性质", "场地权属"),
    "lease_end_date": ("租赁到期日", "租赁截止日期", "租赁到期时间"),
    "floor": ("楼层", "托育用房所在楼层", "所在楼层"),
    "building_area": ("建筑面积", "建筑面积（m²）", "建筑面积(平方米)"),
    "indoor_area": ("室内面积", "室内面积（m²）", "室内面积(平方米)"),
    "outdoor_area": ("室外面积", "室外面积（m²）", "室外面积(平方米)"),
    # What a registration list adds (institutions.models.Registration), not columns of the register export.
    "business_scope": ("经营范围", "业务范围", "宗旨和业务范围"),
    "registered_on": ("成立日期", "登记日期", "注册日期", "成立时间"),
    "filed_on": ("备案通过时间", "备案时间", "备案日期", "备案通过日期", "备案回执日期"),
}  # fmt: skip

# Headers that name a field only if the column's values fit it: 机构性质 is 公办/民办 in one register and
# 事业单位/营利性 in another; 举办方 is 公办/民办 in one register and the 举办者's name in another.
WEAK_ALIASES = {
    "机构性质": ("legal_form", "ownership"),
    "性质": ("legal_form", "ownership"),
    "单位性质": ("legal_form", "ownership"),
    "举办方": ("ownership", "sponsor_name"),
    "举办主体": ("ownership", "sponsor_name"),
}


# Values in Chinese as registers write them (the catalogue's labels are accepted too).
VALUE_ALIASES = {
    Category: {
        "独立托育机构": Category.INDEPENDENT, "幼儿园托班": Category.KINDERGARTEN_CLASS,
        "用人单位福利性托育": Category.EMPLOYER, "用人单位办托": Category.EMPLOYER,
        "社区托育点": Category.COMMUNITY, "社区托育服务设施": Category.COMMUNITY, "家庭托育点": Category.FAMILY,
    },
    LegalForm: {
        "事业单位": LegalForm.PUBLIC_INSTITUTION, "社会服务机构": LegalForm.SOCIAL_SERVICE,
        "民办非企业单位": LegalForm.SOCIAL_SERVICE, "营利性": LegalForm.FOR_PROFIT,
        "营利性机构": LegalForm.FOR_PROFIT, "企业": LegalForm.FOR_PROFIT,
    },
    Ownership: {"公办": Ownership.PUBLIC, "民办": Ownership.PRIVATE},
    PremisesTenure: {"自有": PremisesTenure.OWNED, "租赁": PremisesTenure.LEASED},
    InstitutionStatus: {
        "草稿": InstitutionStatus.DRAFT, "未备案": InstitutionStatus.DRAFT, "已备案": InstitutionStatus.FILED,
        "变更待审": InstitutionStatus.CHANGE_PENDING, "暂停服务": InstitutionStatus.SUSPENDED,
        "已注销": InstitutionStatus.CLOSED,
    },
    ServiceForm: {
        "全日托": ServiceForm.FULL_DAY, "半日托": ServiceForm.HALF_DAY, "计时托": ServiceForm.HOURLY,
        "临时托": ServiceForm.TEMPORARY,
    },
}  # fmt: skip

YES_WORDS = {"是", "有", "yes", "y", "true", "1", "✓", "√"}
NO_WORDS = {"否", "无", "no", "n", "false", "0", "×"}


# Class names for the classes an import creates from the seats by class type (data, as the demo writes them).
CLASS_NAMES = {
    ClassType.INFANT: "乳儿班",
    ClassType.TODDLER: "托小班",
    ClassType.SENIOR: "托大班",
    ClassType.MIXED: "混合班",
}

LIST_SEPARATORS = re.compile(r"[、,，;；/|]+")


# A number as clerks write it: 45个, 1,200 平方米, ４５ (full-width), 120㎡.
NUMBER_UNITS = re.compile(r"(个|张|位|人|名|间|层|楼|平方米|平米|㎡|m²|m2|元)$", re.IGNORECASE)


def _number_text(text: str) -> str:
    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()
    return NUMBER_UNITS.sub("", cleaned).strip()


def _without_district(name: str) -> str:
    """天津市宝坻区宝平街道 → 宝平街道: the city and district before a 街镇's name say nothing more."""
    return re.sub(r"^(天津市)?(宝坻区)?", "", re.sub(r"\s+", "", name))


def legal_form_from_uscc(uscc: str) -> str:
    """The legal form the credit code itself gives (GB 32100—2015: its first character is the registration
    authority: 1 机构编制, 5 民政, 9 工商/市场监管), for a file without a legal-form column; "" when it says none."""
    return {
        "1": LegalForm.PUBLIC_INSTITUTION,
        "5": LegalForm.SOCIAL_SERVICE,
        "9": LegalForm.FOR_PROFIT,
    }.get(uscc[:1], "")


def _display(column: Column, value) -> str:
    """A parsed value as the preview shows it (before → after)."""
    if value is None or value == "":
        return "—"
    if column.kind == "choice":
        return label(column.choices, value)
    if column.kind == "bool":
        return yes_no(value)
    if isinstance(value, Jurisdiction):
        return f"{value.name} ({value.code})"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _all_languages(text) -> set[str]:
    """A lazy string in every language of the portal (and as its English msgid)."""
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(text))
    return found


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for member in choices:
        names = {member.value, *_all_languages(member.label)}
        # "Public institution (事业单位)": the Chinese term in brackets names it too.
        for name in list(names):
            inner = re.search(r"[（(]([^）)]+)[）)]\s*$", name)
            if inner:
                names.add(inner.group(1))
        for name in names:
            lookup[_normal(name)] = member.value
    for name, value in VALUE_ALIASES.get(choices, {}).items():
        lookup[_normal(name)] = value
    return lookup


def _header_lookup() -> dict[str, str]:
    lookup = {}
    for column in IMPORT_COLUMNS:
        for name in {column.key, *_all_languages(column.header), *ALIASES.get(column.key, ())}:
            lookup[_normal(name)] = column.key
    return lookup


class _Parser:
    """Turns the text of one cell into a model value, or raises ValidationError with a message for the row."""

    def __init__(self, jurisdictions: Iterable[Jurisdiction]):
        self.choices = {c: _choice_lookup(c) for c in (Category, LegalForm, Ownership, PremisesTenure, ServiceForm)}
        self.choices[InstitutionStatus] = _choice_lookup(InstitutionStatus)
        self.yes = {_normal(w) for w in YES_WORDS} | {_normal(w) for w in _all_languages(_("Yes"))}
        self.no = {_normal(w) for w in NO_WORDS} | {_normal(w) for w in _all_languages(_("No"))}
        self.by_code, self.by_name = {}, {}
        for j in jurisdictions:
            self.by_code[j.code] = j
            self.by_code[j.short_code] = j
            self.by_name[_normal(j.name)] = j
            # Registers write 宝平 for 宝平街道, 大口屯 for 大口屯镇, or the office's name (宝平街道办事处).
            short = re.sub(r"(街道|镇)$", "", j.name)
            for alias in (short, f"{j.name}办事处", f"{j.name}人民政府", f"{short}街", f"{short}乡"):
                self.by_name.setdefault(_normal(alias), j)

    @staticmethod
    def _error(message, column: Column, **params):
        return ValidationError(message, params={"column": column.header, **params})

    def choice(self, column: Column, text: str) -> str:
        value = self.choices[column.choices].get(_normal(text))
        if value is None:
            labels = "、".join(str(c.label) for c in column.choices)
            raise self._error(BAD_CHOICE, column, value=text, choices=labels)
        return value

    def yes_no(self, column: Column, text: str) -> bool:
        key = _normal(text)
        if key in self.yes:
            return True
        if key in self.no:
            return False
        raise self._error(BAD_YES_NO, column, value=text)

    def forms(self, column: Column, text: str) -> dict[str, bool]:
        chosen = set()
        for part in LIST_SEPARATORS.split(text):
            if part.strip():
                value = self.choices[ServiceForm].get(_normal(part))
                if value is None:
                    labels = "、".join(str(c.label) for c in ServiceForm)
                    raise ValidationError(
                        BAD_CHOICE, params={"column": column.header, "value": part, "choices": labels}
                    )
                chosen.add(value)
        return {flag: form in chosen for form, flag in SERVICE_FORM_FIELDS.items()}

    def whole_number(self, column: Column, text: str) -> int:
        try:
            number = Decimal(_number_text(text))
        except InvalidOperation:
            number = None
        if number is None or number < 0 or number != number.to_integral_value():
            raise self._error(BAD_NUMBER, column, value=text)
        return int(number)

    def decimal(self, column: Column, text: str) -> Decimal:
        try:
            number = Decimal(_number_text(text))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            raise self._error(BAD_DECIMAL, column, value=text)
        return number

    def date(self, column: Column, text: str) -> datetime.date:
        cleaned = unicodedata.normalize("NFKC", text).strip().split(" ")[0].split("T")[0]
        if re.fullmatch(r"\d{8}", cleaned):  # 20241001
            cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
        cleaned = re.sub(r"[年月/.]", "-", cleaned).rstrip("日号")
        try:
            year, month, day = (int(p) for p in cleaned.split("-"))
            return datetime.date(year, month, day)
        except ValueError as exc:
            raise self._error(BAD_DATE, column, value=text) from exc

    def jurisdiction(self, code: str, name: str) -> Jurisdiction:
        by_code = self.by_code.get(code.strip()) if code else None
        by_name = self.by_name.get(_normal(_without_district(name))) if name else None
        if code and by_code is None:
            raise ValidationError(UNKNOWN_JURISDICTION, params={"value": code})
        if name and by_name is None and by_code is None:
            raise ValidationError(UNKNOWN_JURISDICTION, params={"value": name})
        if by_code and name and by_name != by_code:
            raise ValidationError(JURISDICTION_MISMATCH, params={"code": code, "name": name})
        return by_code or by_name
