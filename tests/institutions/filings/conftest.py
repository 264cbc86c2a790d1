import pytest

from institutions.choices import FilingStatus
from institutions.filings import services as filings_services
from institutions.filings.services import TransitionError
from institutions.models import Filing
from tests.builders.filings import file_institution


@pytest.fixture
def filed(compliant, operator, official, commission):
    """The compliant institution, filed through its initial filing (reviewed by `official` and `commission`)."""
    return file_institution(compliant, operator)


@pytest.fixture
def refused_submission():
    """refused_submission(filing, operator): submit, expect a refusal (the filing stays a draft), its messages."""

    def refuse(filing: Filing, operator) -> list[str]:
        with pytest.raises(TransitionError) as exc:
            filings_services.submit_filing(filing=filing, by=operator, version=filing.version)
        assert Filing.objects.get(pk=filing.pk).status == FilingStatus.DRAFT
        return exc.value.messages

    return refuse
