import pytest

from institutions.choices import LegalForm
from institutions.demo import make_uscc
from tests.builders.register import make_staff_compliant


@pytest.fixture
def registration_data(haibin):
    """registration_data(**overrides): what the registration form posts for a new institution in 海滨."""

    def data(**overrides) -> dict:
        return {
            "name": "海滨新苗托育园",
            "uscc": make_uscc(LegalForm.FOR_PROFIT, 4242).lower(),
            "legal_form": LegalForm.FOR_PROFIT,
            "ownership": "private",
            "category": "independent",
            "service_forms": ["full_day", "hourly"],
            "is_inclusive": "on",
            "provides_meals": "on",
            "opening_hours": "周一至周五 7:30—17:30",
            "meals_source": "on_site",
            "registration_certificate_number": "91120115MA05XM0001",
            "registration_authority_name": "天津市宝坻区市场监督管理局",
            "scope_names_childcare": "on",
            "sponsor_type": "unit",
            "sponsor_name": "天津新苗教育科技有限公司",
            "sponsor_id_number": make_uscc(LegalForm.FOR_PROFIT, 4343),
            "sponsor_contact": "13900002222",
            "registered_address": "天津市宝坻区海滨街道新苗路8号",
            "address": "天津市宝坻区海滨街道新苗路8号",
            "jurisdiction": haibin.pk,
            "legal_representative": "王法人",
            "principal_name": "李园长",
            "contact_phone": "022-29001234",
            "contact_email": "",
            "premises_tenure": "leased",
            "lease_start_date": "2026-07-01",
            "lease_end_date": "2031-06-30",
            "lessor": "天津新苗置业有限公司",
            "house_use": "non_residential",
            "fire_resistance_rating": "2",
            "floor": "1",
            "building_area": "620.5",
            "indoor_area": "480",
            "outdoor_area": "120",
            **overrides,
        }

    return data


@pytest.fixture
def compliant(institution):
    """The operator's institution (a draft in 海滨) with the staff and the lease the standards ask for."""
    return make_staff_compliant(institution)
