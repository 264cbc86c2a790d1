"""The open-complaints card of the official's home page (kept here so that the home view need not change)."""

from django import template

from supervision.complaints.selectors import open_counts

register = template.Library()


@register.inclusion_tag("supervision/complaints/_home_card.html")
def open_complaints_card(user) -> dict:
    return {"counts": open_counts(user=user)}
