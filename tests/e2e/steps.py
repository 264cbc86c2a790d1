"""What a user does in the browser, the same in every path: sign in, follow a link or send a form and wait for
the next page; and the windows they do it in."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page

from tests.builders.accounts import PASSWORD

# Officials, the commission and member departments work on desktops; operators and parents on phones.
DESKTOP = {"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}
PHONE = {"locale": "zh-CN", "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def click_and_wait(page: Page, selector: str) -> None:
    """Click something that sends a form or follows a link, and wait for the next page to load."""
    with page.expect_navigation():
        page.locator(selector).click()


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in on the login page and land on the home page."""
    page.goto(base + reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    click_and_wait(page, "main button[type=submit]")
    page.wait_for_url(base + reverse("home"))
