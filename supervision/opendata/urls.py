"""/open-data/: the public register as CSV and JSON, no sign-in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from supervision.opendata.views import OpenDataView, register_csv, register_json

app_name = "open_data"


urlpatterns = [
    path("", login_not_required(OpenDataView.as_view()), name="index"),
    path("register.csv", register_csv, name="register_csv"),
    path("register.json", register_json, name="register_json"),
]
