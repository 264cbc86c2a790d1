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
