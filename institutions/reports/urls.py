"""Operating reports (运营情况报送), under /institutions/."""

from django.urls import path

from institutions.reports import views

urlpatterns = [
    path("reports/", views.ReportStatusListView.as_view(), name="report_status"),
    path("<int:pk>/reports/", views.ReportListView.as_view(), name="report_list"),
    path("<int:pk>/reports/new/", views.ReportCreateView.as_view(), name="report_new"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
]
