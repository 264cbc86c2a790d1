"""The 24 街道/镇 of Baodi with their 2023 statistics codes (区划代码 = DISTRICT_CODE 120115 + 3 digits + 000)."""

from baodi_care.accounts.choices import JurisdictionKind

# 宝坻区 in the national statistics codes (统计用区划代码).
DISTRICT_CODE = "120115"

BAODI_JURISDICTIONS: list[tuple[str, str, str]] = [
    ("001", "海滨街道", JurisdictionKind.SUBDISTRICT),
    ("002", "宝平街道", JurisdictionKind.SUBDISTRICT),
    ("003", "钰华街道", JurisdictionKind.SUBDISTRICT),
    ("006", "周良街道", JurisdictionKind.SUBDISTRICT),
    ("007", "潮阳街道", JurisdictionKind.SUBDISTRICT),
    ("008", "朝霞街道", JurisdictionKind.SUBDISTRICT),
    ("101", "大口屯镇", JurisdictionKind.TOWN),
    ("103", "王卜庄镇", JurisdictionKind.TOWN),
    ("104", "方家庄镇", JurisdictionKind.TOWN),
    ("105", "林亭口镇", JurisdictionKind.TOWN),
    ("106", "八门城镇", JurisdictionKind.TOWN),
    ("107", "大钟庄镇", JurisdictionKind.TOWN),
    ("108", "新安镇", JurisdictionKind.TOWN),
    ("111", "霍各庄镇", JurisdictionKind.TOWN),
    ("113", "新开口镇", JurisdictionKind.TOWN),
    ("115", "大唐庄镇", JurisdictionKind.TOWN),
    ("119", "牛道口镇", JurisdictionKind.TOWN),
    ("120", "史各庄镇", JurisdictionKind.TOWN),
    ("121", "郝各庄镇", JurisdictionKind.TOWN),
    ("123", "牛家牌镇", JurisdictionKind.TOWN),
    ("124", "尔王庄镇", JurisdictionKind.TOWN),
    ("125", "黄庄镇", JurisdictionKind.TOWN),
    ("126", "口东镇", JurisdictionKind.TOWN),
    ("127", "大白庄镇", JurisdictionKind.TOWN),
]


def full_code(short: str) -> str:
    return f"{DISTRICT_CODE}{short}000"
