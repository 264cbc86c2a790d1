"""The holiday table (mounted by supervision/urls.py under /review/, "supervision" namespace)."""

from django.urls import path

from institutions.calendar import views

urlpatterns = [
    path("holidays/", views.HolidayListView.as_view(), name="holiday_list"),
    path("holidays/<int:pk>/delete/", views.HolidayDeleteView.as_view(), name="holiday_delete"),
]
