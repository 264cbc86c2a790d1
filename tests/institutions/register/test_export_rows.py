"""The register export's fast rows (values, no model instances) give exactly the cells of the register's columns."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from institutions.choices import Category, ClassType, InstitutionStatus, LegalForm, Ownership, PremisesTenure
from institutions.demo import make_uscc
from institutions.models import Institution
from institutions.register.columns import REGISTER_COLUMNS, export_rows, export_value, register_queryset
from tests.builders.register import make_imported_institution

pytestmark = pytest.mark.django_db


def test_export_rows_are_the_cells_of_the_columns_in_both_languages(haibin, baoping):
    make_imported_institution(haibin)
    make_imported_institution(
        baoping,
        uscc=make_uscc(LegalForm.SOCIAL_SERVICE, 812345),
        legal_form=LegalForm.SOCIAL_SERVICE,
        ownership=Ownership.PUBLIC,
        category=Category.FAMILY,
        status=InstitutionStatus.SUSPENDED,
        is_inclusive=True,
        provides_meals=True,
        offers_full_day=True,
        offers_hourly=True,
        contact_email="a@example.cn",
        premises_tenure=PremisesTenure.LEASED,
        lease_end_date=datetime.date(2027, 6, 30),
        floor=2,
        building_area=Decimal("320.5"),
        classes=[
            {"name": "乳儿班", "class_type": ClassType.INFANT, "seats": 10},
            {"name": "托大班", "class_type": ClassType.SENIOR, "seats": 20},
            {"name": "混龄班", "class_type": ClassType.MIXED, "seats": 18},
        ],
    )
    queryset = register_queryset(Institution.objects.order_by("pk"))
    for language in ("zh-hans", "en"):
        with translation.override(language):
            slow = [[export_value(c, i) for c in REGISTER_COLUMNS] for i in queryset]
            fast = list(export_rows(queryset))
        assert fast == slow, language
    seats = [c.key for c in REGISTER_COLUMNS].index("seats")
    assert len(fast) == 2 and fast[1][seats] == 48
