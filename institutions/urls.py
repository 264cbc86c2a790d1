"""/institutions/: the register and the operator's side of filings, fees, reports; the register import."""

from institutions.fees.urls import urlpatterns as fees
from institutions.filings.urls import urlpatterns as filings
from institutions.imports.urls import urlpatterns as imports
from institutions.register.urls import urlpatterns as register
from institutions.reports.urls import urlpatterns as reports

app_name = "institutions"

urlpatterns = [*register, *filings, *fees, *reports, *imports]
