"""What a user does in the browser, the same in every path: sign in, follow a link or send a form and wait for
the next page; and the windows they do it in."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page

from baodi_care.accounts.models import User
from baodi_care.accounts.second_factor.policy import has_second_factor, requires_second_factor
from tests.builders.accounts import PASSWORD, authenticator_of, code_for

# Officials, the commission and member departments work on desktops; operators and parents on phones.
DESKTOP = {"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}
PHONE = {"locale": "zh-CN", "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def click_and_wait(page: Page, selector: str) -> None:
    """Click something that sends a form or follows a link, and wait for the next page to load."""
    with page.expect_navigation():
        page.locator(selector).click()


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in on the login page and land on the home page. Staff (and operators who set one up) then enter the code
    of their authenticator, computed here from its secret; staff without one are given one first."""
    user = User.objects.get(username=username)
    device = authenticator_of(user) if requires_second_factor(user) or has_second_factor(user) else None
    page.goto(base + reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    click_and_wait(page, "main button[type=submit]")
    if device is not None:
        enter_code(page, code_for(device))
    page.wait_for_url(base + reverse("home"))


def enter_code(page: Page, code: str) -> None:
    """On the second factor's code page: the code, and on."""
    page.wait_for_url("**" + reverse("accounts:second_factor_verify") + "**")
    page.locator("input[name=code]").fill(code)
    click_and_wait(page, "#second-factor-form button[type=submit]")
