import pytest
from playwright.sync_api import Browser, Page


@pytest.fixture
def open_page(browser: Browser):
    """open_page(**context_args): a page in a browser context of its own (its own cookies: another user), closed
    after the test. Context args as tests/e2e/steps.py's DESKTOP and PHONE."""
    contexts = []

    def make(**args) -> Page:
        context = browser.new_context(**args)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
