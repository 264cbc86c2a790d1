from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("filings/", views.FilingWorklistView.as_view(), name="filing_worklist"),
    path("filings/export/", views.FilingExportView.as_view(), name="filing_export"),
    path("filings/<int:pk>/", views.FilingReviewView.as_view(), name="filing_review"),
    path("filings/<int:pk>/decide/", views.FilingDecideView.as_view(), name="filing_decide"),
    path("holidays/", views.HolidayListView.as_view(), name="holiday_list"),
    path("holidays/<int:pk>/delete/", views.HolidayDeleteView.as_view(), name="holiday_delete"),
]
