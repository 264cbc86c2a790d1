"""Matrix rows of the commission's staff accounts (issue 9 A4) and a new account's set-password link."""

from tests.builders.accounts import HAIBIN, jurisdiction
from tests.builders.staff import make_staff_account
from tests.scoping_support import COMMISSION, Row, at, posted


def extra_ctx(ctx: dict) -> dict:
    return {"staff_account": make_staff_account(jurisdiction=jurisdiction(HAIBIN), by=ctx["users"]["commission"])}


def account_step(name: str) -> Row:
    return posted(name, allowed=COMMISSION, key="staff_account")


ROWS = {
    "staff:list": Row(url=at("staff:list"), allowed=COMMISSION),
    "staff:create": Row(url=at("staff:create"), allowed=COMMISSION),
    "staff:detail": Row(url=at("staff:detail", "staff_account"), allowed=COMMISSION),
    "staff:deactivate": account_step("staff:deactivate"),
    "staff:reactivate": account_step("staff:reactivate"),
    "staff:send_link": account_step("staff:send_link"),
    "staff:reset_second_factor": account_step("staff:reset_second_factor"),
    # An empty POST shows the account's page again with the form's error.
    "staff:move": Row(url=at("staff:move", "staff_account"), allowed=COMMISSION, method="post"),
    # A forged link: the page says so (as the reset link's row).
    "accounts:staff_set_password": Row(url=at("accounts:staff_set_password", None, "MQ", "set-password"), public=True),
}
