import pytest

from tests.builders.complaints import make_complaint_about


@pytest.fixture
def complaint(filed_institution):
    """A parent's complaint about the operator's filed institution in 海滨, just received."""
    return make_complaint_about(filed_institution)
