"""Register files for the import: the sample files of docs/, a csv from rows, a file whose rows are all wrong."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.conf import settings

from institutions.choices import LegalForm
from institutions.demo import make_uscc

SAMPLES = Path(settings.BASE_DIR) / "docs"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


HEADER = [
    "名称",
    "统一社会信用代码",
    "街镇代码",
    "所属街镇",
    "法人类型",
    "举办性质",
    "机构类型",
    "地址",
    "法定代表人",
    "负责人",
    "联系电话",
]


def row(name: str, uscc: str, code: str = "120115001000", jurisdiction: str = "海滨街道", **over) -> list[str]:
    values = {
        "法人类型": "营利性",
        "举办性质": "民办",
        "机构类型": "独立托育机构",
        "地址": "天津市宝坻区海滨街道测试路1号",
        "法定代表人": "王测试",
        "负责人": "李测试",
        "联系电话": "022-22001234",
        **over,
    }
    return [name, uscc, code, jurisdiction, *(values[h] for h in HEADER[4:])]


def bad_file() -> bytes:
    good = make_uscc(LegalForm.FOR_PROFIT, 830001)
    return csv_bytes(
        [
            HEADER,
            row("好托育园", good),
            row("坏代码托育园", "91120115MA05ABCDE1"),
            row("未知街镇托育园", make_uscc(LegalForm.FOR_PROFIT, 830002), code="120115999000", jurisdiction=""),
            row("重复托育园", good),
            row("", make_uscc(LegalForm.FOR_PROFIT, 830003)),
            row("未知类型托育园", make_uscc(LegalForm.FOR_PROFIT, 830004), 机构类型="托管班"),
            row("名称街镇不符", make_uscc(LegalForm.FOR_PROFIT, 830005), code="120115001000", jurisdiction="宝平街道"),
        ]
    )


def xlsx_bytes(rows: list[list]) -> bytes:
    """A workbook of one sheet with these rows (cells as given: text, numbers, dates)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# A registering department's list as it comes: a title and a note above the header, its own header names, and
# values as clerks type them (a 街镇 without its suffix, full-width spaces, "45个", Chinese dates). It gives no
# category, legal representative, person in charge or phone: the institutions it creates are incomplete.
CLERK_HEADER = [
    "序号",
    "机构注册登记名称",
    "统一社会信用代码",
    "所属街道（镇）",
    "机构住所",
    "机构性质",
    "举办方",
    "托位数",
    "备案通过时间",
]
CLERK_USCC = [make_uscc(LegalForm.FOR_PROFIT, 840001 + n) for n in range(4)]


def clerk_rows() -> list[list]:
    return [
        ["宝坻区托育机构备案名单（2024年）"],
        ["填报单位：区卫健委　　填报日期：2024年12月1日"],
        CLERK_HEADER,
        [1, "宝坻　阳光托育中心", CLERK_USCC[0], "宝平", "宝平街道南关大街1号", "营利性", "民办", "45个",
         "2024年10月1日"],
        [2, "  大口屯小太阳托育园 ", CLERK_USCC[1], "大口屯", "大口屯镇政府路2号", "营利性", "民办", "３０",
         "2024.11.5"],
        [3, "海滨托育之家", CLERK_USCC[2], "天津市宝坻区海滨街道", "海滨街道3号", "营利性", "公办", "20 个", ""],
    ]  # fmt: skip


def clerk_xlsx() -> bytes:
    return xlsx_bytes(clerk_rows())


def clerk_gb18030_csv() -> bytes:
    return csv_bytes([[str(cell) for cell in line] for line in clerk_rows()], encoding="gb18030")


def some_bad_rows_csv() -> bytes:
    """Two good rows and two refused ones (an unknown 街镇, a bad credit code), under the clerk's headers."""
    return csv_bytes(
        [
            CLERK_HEADER,
            ["1", "好托育一园", CLERK_USCC[0], "宝平", "宝平街道1号", "营利性", "民办", "45个", "2024年10月1日"],
            ["2", "坏街镇托育园", CLERK_USCC[1], "火星镇", "某地2号", "营利性", "民办", "10", ""],
            ["3", "坏代码托育园", "91120115MA05ABCDE1", "宝平", "宝平街道3号", "营利性", "民办", "10", ""],
            ["4", "好托育二园", CLERK_USCC[3], "钰华", "钰华街道4号", "营利性", "民办", "12张", ""],
        ]
    )
