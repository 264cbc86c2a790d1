"""Response headers (issue 10 §6): nothing personal stays in a cache, browser features are off, no page is framed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.builders.complaints import make_complaint_about
from tests.builders.filings import doc_type, make_draft_filing
from tests.builders.register import make_staff_compliant

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


# --- Cache-Control: no-store on what is personal and on every file ----------------------------------------------


@pytest.mark.parametrize("who", ["operator", "official", "commission", "department"])
def test_every_page_for_a_signed_in_user_is_no_store(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in (reverse("home"), reverse("accounts:profile")):
        response = client.get(url)
        assert response.status_code == 200
        assert no_store(response) and "private" in response["Cache-Control"], url


def test_public_pages_for_anonymous_visitors_may_be_cached(client):
    response = client.get(reverse("public:register"))
    assert response.status_code == 200 and not no_store(response)


def test_a_signed_in_user_on_a_public_page_gets_no_store(client, operator):
    client.force_login(operator)
    assert no_store(client.get(reverse("public:register")))


def test_documents_are_never_cached_downloaded_or_previewed(client, institution, operator):
    filing = make_draft_filing(make_staff_compliant(institution), operator)
    document = filing.documents.filter(document_type=doc_type("business_license")).get()
    client.force_login(operator)
    for name in ("institutions:document_download", "institutions:document_preview"):
        response = client.get(reverse(name, args=[document.pk]))
        assert response.status_code == 200
        assert no_store(response), name


def test_a_file_is_no_store_even_for_an_anonymous_visitor(client):
    response = client.get(reverse("open_data:register_csv"))
    assert response.status_code == 200 and response.has_header("Content-Disposition")
    assert no_store(response)


def test_a_complainants_pages_are_never_cached(client, institution):
    complaint = make_complaint_about(institution)
    response = client.get(reverse("public:complaint_status"), {"code": complaint.tracking_code})
    assert response.status_code == 200 and no_store(response)


def test_static_files_stay_cacheable_and_are_never_framed(client, operator):
    client.force_login(operator)
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200 and not no_store(response)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


# --- Permissions-Policy -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["accounts:login", "public:register"])
def test_browser_features_the_portal_never_uses_are_off(client, url_name):
    policy = client.get(reverse(url_name))["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "display-capture"):
        assert f"{feature}=()" in policy


def test_downloads_carry_the_permissions_policy_too(client, institution, operator):
    filing = make_draft_filing(make_staff_compliant(institution), operator)
    client.force_login(operator)
    document = filing.documents.first()
    assert (
        "camera=()" in client.get(reverse("institutions:document_download", args=[document.pk]))["Permissions-Policy"]
    )


# --- Framing: frame-ancestors 'none' and X-Frame-Options DENY; previews framed by the portal only ---------------


def test_no_page_may_be_framed(client, operator):
    for response in (client.get(reverse("accounts:login")), client.get(reverse("public:register"))):
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        # ASVS 5.0 3.4.3's minimum: object-src and base-uri 'none'.
        assert "object-src 'none'" in response["Content-Security-Policy"]
        assert "base-uri 'none'" in response["Content-Security-Policy"]
    client.force_login(operator)
    response = client.get(reverse("home"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_preview_may_be_framed_by_the_portal_alone(client, institution, operator):
    filing = make_draft_filing(make_staff_compliant(institution), operator)
    document = filing.documents.first()
    client.force_login(operator)
    response = client.get(reverse("institutions:document_preview", args=[document.pk]))
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    download = client.get(reverse("institutions:document_download", args=[document.pk]))
    assert "frame-ancestors 'none'" in download["Content-Security-Policy"] and download["X-Frame-Options"] == "DENY"


# --- The rest of ASVS 5.0 3.4 on every response: nosniff, referrer policy, opener policy, HSTS -------------------


def test_every_response_is_nosniff_with_a_referrer_and_an_opener_policy(client, institution, operator):
    filing = make_draft_filing(make_staff_compliant(institution), operator)
    client.force_login(operator)
    page = client.get(reverse("home"))
    download = client.get(reverse("institutions:document_download", args=[filing.documents.first().pk]))
    static = client.get("/static/css/portal.css")
    for response in (page, download, static):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_over_https_every_response_carries_hsts_for_a_year_with_subdomains(client, settings):
    # The values debug off gives (tests/test_settings.py checks them in a fresh process); the suite's own settings
    # turn HTTPS off for its plain-HTTP client.
    settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = 31_536_000, True
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
