"""/review/: the officials' and the commission's workbench."""

from institutions.calendar.urls import urlpatterns as calendar
from institutions.filings.urls import review_urlpatterns as filing_review
from supervision.checklists.urls import urlpatterns as checklists
from supervision.complaints.urls import urlpatterns as complaints
from supervision.exports.urls import urlpatterns as exports
from supervision.inspections.urls import urlpatterns as inspections
from supervision.plan.urls import urlpatterns as plan
from supervision.rectifications.urls import urlpatterns as rectifications
from supervision.statistics.urls import urlpatterns as statistics

app_name = "supervision"

urlpatterns = [
    *filing_review,
    *calendar,
    *inspections,
    *rectifications,
    *plan,
    *checklists,
    *complaints,
    *statistics,
    *exports,
]
