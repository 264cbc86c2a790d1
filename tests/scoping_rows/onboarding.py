"""Matrix rows of onboarding (issue 9): operators' sign-up, claims of an institution, members and invitations."""

from baodi_care.accounts.choices import Role
from tests.builders.accounts import BAOPING, HAIBIN, jurisdiction
from tests.builders.members import make_claim, make_invitation
from tests.builders.register import make_imported_institution
from tests.scoping_support import NOT_AUDITOR, OPERATOR, Row, at, scoped, step

CLAIMS = frozenset({Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION})


def extra_ctx(ctx: dict) -> dict:
    operator, other_operator = ctx["users"][Role.OPERATOR], ctx["other_operator"]
    # In scope: the operator's own claim, in the official's 海滨街道; outside: another operator's, in 宝平街道.
    claim = make_claim(make_imported_institution(jurisdiction(HAIBIN)), operator)
    other_claim = make_claim(make_imported_institution(jurisdiction(BAOPING)), other_operator)
    return {
        "claim": claim,
        "other_claim": other_claim,
        "membership": ctx["institution"].memberships.get(user=operator),
        "other_membership": ctx["other_institution"].memberships.get(user=other_operator),
        "invitation": make_invitation(ctx["institution"], operator),
        "other_invitation": make_invitation(ctx["other_institution"], other_operator),
    }


ROWS = {
    # Public; a signed-in user is sent home.
    "accounts:signup": Row(url=at("accounts:signup"), public=True, overrides={r: 302 for r in Role.values}),
    "accounts:signup_sent": Row(url=at("accounts:signup_sent"), public=True),
    # A forged token: the page says the link does not work.
    "accounts:signup_verify": Row(url=at("accounts:signup_verify", None, "forged"), public=True),
    "institutions:onboarding": Row(url=at("institutions:onboarding"), allowed=OPERATOR),
    "institutions:claim_start": Row(url=at("institutions:claim_start"), allowed=OPERATOR),
    "institutions:claim_list": Row(url=at("institutions:claim_list"), allowed=CLAIMS),
    "institutions:claim_detail": scoped("institutions:claim_detail", "claim", "other_claim", allowed=CLAIMS),
    # An empty POST shows the claim again with the form's errors.
    "institutions:claim_code": scoped("institutions:claim_code", "claim", "other_claim", allowed=CLAIMS, method="post"),
    "institutions:claim_decide": scoped(
        "institutions:claim_decide", "claim", "other_claim", allowed=CLAIMS, method="post"
    ),
    "institutions:members": scoped("institutions:members", "institution", "other_institution", allowed=OPERATOR),
    # The owner cannot remove themselves: refused, back to the members page.
    "institutions:member_remove": step("institutions:member_remove", "membership", "other_membership", OPERATOR),
    "institutions:invitation_withdraw": step(
        "institutions:invitation_withdraw", "invitation", "other_invitation", OPERATOR
    ),
    # A forged token: the page says the invitation does not work.
    "institutions:invitation_accept": Row(
        url=at("institutions:invitation_accept", None, "forged"), allowed=NOT_AUDITOR
    ),
}
