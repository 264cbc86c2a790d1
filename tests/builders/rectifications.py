"""Rectifications (整改) in each state: open, answered, verified, sent back; overdue."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baodi_care.accounts.models import User
from institutions.models import Institution
from supervision.models import Inspection, Rectification
from supervision.rectifications import services as rectifications_services
from tests.builders.accounts import official_of
from tests.builders.files import png_upload
from tests.builders.inspections import make_finished_inspection
from tests.builders.register import operator_of


def answer(rectification: Rectification, operator: User | None = None, **fields) -> Rectification:
    """The operator's answer, with a photo as evidence (`fields`: response, uploads)."""
    fields = {"response": "已更换灭火器并张贴检查记录", "uploads": [png_upload("fixed.png")], **fields}
    operator = operator or operator_of(rectification.institution)
    return rectifications_services.answer_rectification(
        rectification=rectification, by=operator, version=rectification.version, **fields
    )


def verify(rectification: Rectification, official: User | None = None) -> Rectification:
    official = official or official_of(rectification.institution.jurisdiction)
    return rectifications_services.verify_rectification(
        rectification=rectification, by=official, version=rectification.version
    )


def rectify(inspection: Inspection, count: int) -> None:
    """The first `count` rectifications the inspection ordered, answered and verified."""
    for rectification in Rectification.objects.filter(item_check__inspection=inspection).order_by("pk")[:count]:
        verify(answer(rectification))


def make_open_rectification(institution: Institution, official: User | None = None, **kw) -> Rectification:
    """The rectification of the one problem a finished inspection found (`kw` go to make_finished_inspection)."""
    inspection = make_finished_inspection(institution, official, problems=1, **kw)
    return Rectification.objects.get(item_check__inspection=inspection)


def make_overdue_rectification(institution: Institution, official: User | None = None, days: int = 60):
    """Ordered by an inspection `days` ago: its deadline has passed."""
    ago = timezone.localdate() - datetime.timedelta(days=days)
    return make_open_rectification(institution, official, inspected_on=ago, today=ago)


def make_answered_rectification(institution: Institution, official=None, operator=None, **kw) -> Rectification:
    return answer(make_open_rectification(institution, official, **kw), operator)


def make_verified_rectification(institution: Institution, official=None, operator=None, **kw) -> Rectification:
    return verify(make_answered_rectification(institution, official, operator, **kw), official)


def make_sent_back_rectification(institution: Institution, official=None, operator=None, **kw) -> Rectification:
    """Answered, then sent back by the official: open again."""
    rectification = make_answered_rectification(institution, official, operator, **kw)
    official = official or official_of(institution.jurisdiction)
    return rectifications_services.send_back_rectification(
        rectification=rectification, by=official, version=rectification.version, note="照片不清，请补拍整改后的现场"
    )
