"""Matrix rows of the second factor's pages (baodi_care/accounts/second_factor/). The matrix signs staff in with a
verified second factor (tests/conftest.py); tests/accounts/test_second_factor_matrix.py visits every row again as
staff who have not passed it."""

from baodi_care.accounts.choices import Role
from tests.scoping_support import OPERATOR, Row, at, posted

ROWS = {
    "accounts:second_factor": Row(url=at("accounts:second_factor")),
    # A verified session may set up a new authenticator (it replaces the old one once confirmed).
    "accounts:second_factor_enrol": Row(url=at("accounts:second_factor_enrol")),
    "accounts:second_factor_qr": Row(url=at("accounts:second_factor_qr")),
    # Nothing to ask a verified session (or an operator without a second factor): on to the home page.
    "accounts:second_factor_verify": Row(url=at("accounts:second_factor_verify"), ok=302),
    # The operator of the matrix has no second factor, so no recovery codes: sent to the overview.
    "accounts:second_factor_recovery_codes": Row(
        url=at("accounts:second_factor_recovery_codes"), overrides={Role.OPERATOR: 302}
    ),
    # Operators only (staff must keep theirs); with nothing to turn off, a message.
    "accounts:second_factor_turn_off": posted("accounts:second_factor_turn_off", allowed=OPERATOR),
}
