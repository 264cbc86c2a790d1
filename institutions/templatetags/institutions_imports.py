"""Filters for what the register import leaves: an institution incomplete for want of facts its register lacked, and
the label of a follow-up outcome annotated on a row of the list registered but not filed."""

from django import template

from baodi_care.core.spreadsheets import label
from institutions.choices import FollowUpOutcome
from institutions.register.selectors import missing_fields

register = template.Library()


@register.filter
def follow_up_outcome(value) -> str:
    return label(FollowUpOutcome, value) if value else ""


@register.filter
def incomplete(institution) -> bool:
    """The institution lacks a fact the portal wants (register/selectors.WANTED_FACTS): read from the row, no query."""
    return bool(missing_fields(institution))
