"""Matrix rows of the accounts app's inbox."""

from django.urls import reverse

from tests.scoping_support import Row

ROWS = {
    "accounts:inbox": Row(url=lambda ctx: reverse("accounts:inbox")),
    # An empty POST (nothing selected) tells the user so and goes back to the inbox.
    "accounts:inbox_mark_read": Row(url=lambda ctx: reverse("accounts:inbox_mark_read"), method="post", ok=302),
}
