"""/staff/: the commission's staff accounts (baodi_care/home/staff/)."""

from django.urls import path

from baodi_care.home.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.StaffListView.as_view(), name="list"),
    path("new/", views.StaffCreateView.as_view(), name="create"),
    path("<int:pk>/", views.StaffDetailView.as_view(), name="detail"),
    path("<int:pk>/deactivate/", views.StaffStepView.as_view(step="deactivate"), name="deactivate"),
    path("<int:pk>/reactivate/", views.StaffStepView.as_view(step="reactivate"), name="reactivate"),
    path("<int:pk>/move/", views.StaffMoveView.as_view(), name="move"),
    path("<int:pk>/send-link/", views.StaffStepView.as_view(step="send_link"), name="send_link"),
    path(
        "<int:pk>/reset-second-factor/",
        views.StaffStepView.as_view(step="reset_second_factor"),
        name="reset_second_factor",
    ),
]
