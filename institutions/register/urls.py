"""The register: the list, one institution, and its facts, classes and staff (under /institutions/)."""

from django.urls import path

from institutions.register import views

urlpatterns = [
    path("", views.InstitutionListView.as_view(), name="list"),
    path("new/", views.InstitutionCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InstitutionDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InstitutionEditView.as_view(), name="edit"),
    path("<int:pk>/classes/", views.ClassesEditView.as_view(), name="classes"),
    path("<int:pk>/staff/", views.StaffEditView.as_view(), name="staff"),
]
