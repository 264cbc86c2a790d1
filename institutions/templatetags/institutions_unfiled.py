"""The label of a follow-up outcome annotated on a row of the list of institutions registered but not filed."""

from django import template

from baodi_care.core.spreadsheets import label
from institutions.choices import FollowUpOutcome

register = template.Library()


@register.filter
def follow_up_outcome(value) -> str:
    return label(FollowUpOutcome, value) if value else ""
