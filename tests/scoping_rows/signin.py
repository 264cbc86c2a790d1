"""Matrix rows of sign-in, sessions and account changes (accounts/sessions.py, accounts/email_change.py)."""

from tests.scoping_support import Row, at, posted

ROWS = {
    # An empty POST (no session chosen) tells the user so and goes back to the profile.
    "accounts:session_end": posted("accounts:session_end"),
    "accounts:email_change": Row(url=at("accounts:email_change")),
    # A link that is not the visitor's (here: not a token at all) shows that it is not valid.
    "accounts:email_confirm": Row(url=at("accounts:email_confirm", None, "not-a-token")),
}
