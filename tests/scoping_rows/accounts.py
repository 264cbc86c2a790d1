"""Matrix rows of the accounts app's inbox."""

from tests.scoping_support import Row, at, posted

ROWS = {
    "accounts:inbox": Row(url=at("accounts:inbox")),
    # An empty POST (nothing selected) tells the user so and goes back to the inbox.
    "accounts:inbox_mark_read": posted("accounts:inbox_mark_read"),
}
