"""An htmx request sent to a step that comes first (sign-in, the second factor, a new password) gets a client
redirect (HX-Redirect): htmx would follow a 302 itself and swap the whole sign-in page into the fragment. `next` is
the page the user was on; a request without htmx still gets the plain 302."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from baodi_care.accounts.models import User
from tests.builders.accounts import give_authenticator, unverified_login

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
FRAGMENT = reverse("institutions:list") + "?page=2"
PAGE = reverse("institutions:list") + "?q=星"


def htmx(client, url: str = FRAGMENT, current: str | None = "http://testserver" + PAGE, **headers):
    if current is not None:
        headers["HTTP_HX_CURRENT_URL"] = current
    return client.get(url, HTTP_HX_REQUEST="true", **headers)


def assert_client_redirect(response, step: str, back: str) -> None:
    assert response.status_code == 200
    assert "Location" not in response
    assert response["HX-Redirect"] == f"{step}?next={quote(back, safe='/')}"
    assert response.content == b""


def test_signed_out_an_htmx_request_is_sent_to_sign_in_as_a_whole_page(client):
    assert_client_redirect(htmx(client), LOGIN, PAGE)
    plain = client.get(FRAGMENT)
    assert plain.status_code == 302 and plain["Location"] == f"{LOGIN}?next={quote(FRAGMENT, safe='/')}"


def test_a_boosted_link_comes_back_to_the_page_it_asked_for(client):
    assert_client_redirect(htmx(client, HTTP_HX_BOOSTED="true"), LOGIN, FRAGMENT)


def test_another_sites_current_url_is_not_followed(client):
    assert_client_redirect(htmx(client, current="https://evil.example" + PAGE), LOGIN, FRAGMENT)
    assert_client_redirect(htmx(client, current=None), LOGIN, FRAGMENT)


def test_staff_without_a_verified_session_are_sent_to_the_code_page(client, official):
    give_authenticator(official)
    unverified_login(client, official)
    assert_client_redirect(htmx(client), reverse("accounts:second_factor_verify"), PAGE)


def test_staff_without_a_second_factor_are_sent_to_set_it_up(client, official):
    unverified_login(client, official)
    assert_client_redirect(htmx(client), reverse("accounts:second_factor_enrol"), PAGE)


def test_a_password_too_old_is_changed_first(client, settings, operator):
    settings.PASSWORD_MAX_AGE_DAYS = 30
    User.objects.filter(pk=operator.pk).update(password_changed_at=timezone.now() - timedelta(days=31))
    client.force_login(operator)
    assert_client_redirect(htmx(client), reverse("accounts:password_change"), PAGE)


def test_a_signed_in_htmx_request_is_answered_as_always(client, commission):
    client.force_login(commission)
    response = htmx(client)
    assert response.status_code == 200 and "HX-Redirect" not in response
