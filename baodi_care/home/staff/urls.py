"""/staff/: the commission's staff accounts (baodi_care/home/staff/)."""

from django.urls import path

from baodi_care.home.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.StaffListView.as_view(), name="list"),
    path("new/", views.StaffCreateView.as_view(), name="create"),
    path("<int:pk>/", views.StaffDetailView.as_view(), name="detail"),
    path("<int:pk>/deactivate/", views.StaffDeactivateView.as_view(), name="deactivate"),
    path("<int:pk>/reactivate/", views.StaffReactivateView.as_view(), name="reactivate"),
    path("<int:pk>/move/", views.StaffMoveView.as_view(), name="move"),
    path("<int:pk>/send-link/", views.StaffSendLinkView.as_view(), name="send_link"),
    path("<int:pk>/reset-second-factor/", views.StaffResetSecondFactorView.as_view(), name="reset_second_factor"),
]
