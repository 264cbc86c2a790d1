"""Cards about fee disclosures and operating reports on pages whose views belong to other modules.

The home pages and the institution page include a partial that asks for its own data here, so those views
need not know about fees and reports.
"""

from __future__ import annotations

from django import template

from institutions import selectors_fees

register = template.Library()


@register.simple_tag
def operator_fee_report_alerts(user) -> dict:
    """Institutions of the operator whose fee disclosure is missing or stale, and reports due or overdue."""
    return selectors_fees.operator_alerts(user=user)


@register.simple_tag
def official_fee_report_summary(user) -> dict:
    """Counts of fee states and of last month's reports in the official's jurisdiction."""
    return selectors_fees.official_summary(user=user)


@register.simple_tag
def institution_fee_report_summary(institution, user) -> dict:
    """The fee disclosure and report state of one institution, as its page shows them."""
    return selectors_fees.institution_summary(user=user, institution=institution)
