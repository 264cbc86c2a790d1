"""In a real browser: an official signs in, switches to English and back, and the page follows."""

import pytest
from django.urls import reverse

from tests.builders.accounts import HAIBIN, PASSWORD, authenticator_of, code_for, jurisdiction, make_user
from tests.e2e.steps import enter_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_official_signs_in_and_switches_language(live_server, page, artifacts_dir):
    from baodi_care.accounts.choices import Role

    haibin = jurisdiction(HAIBIN)
    official = make_user(Role.OFFICIAL, jurisdiction=haibin, username="zhang", full_name="张敏")
    device = authenticator_of(official)  # staff sign in with a second factor

    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("zhang")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    # Staff then enter their authenticator's code (tests/e2e/steps.py computes it from the secret).
    enter_code(page, code_for(device))

    page.wait_for_url(live_server.url + reverse("home"))
    assert page.locator("h1").inner_text().startswith("待办事项")
    assert "张敏" in page.locator("#current-user").inner_text()
    assert "海滨街道" in page.locator("#current-user").inner_text()

    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator("#language-switch").get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("To-do list")
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(artifacts_dir / "official_home_en.png"), full_page=True)

    page.locator("#language-switch").get_by_role("button", name="简体中文").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("待办事项")
    page.screenshot(path=str(artifacts_dir / "official_home_zh.png"), full_page=True)

    # Usable on a phone: the menu collapses behind a toggler that opens it.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator(".navbar-toggler").is_visible()
    page.locator(".navbar-toggler").click()
    page.locator("#language-switch").wait_for(state="visible")
    page.screenshot(path=str(artifacts_dir / "official_home_phone.png"), full_page=True)
