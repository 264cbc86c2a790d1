"""{{ number|identity_number:user }}: an identity number in full for the commission, masked for everyone else."""

from django import template

from institutions.identity_numbers import mask_number, sees_identity_numbers

register = template.Library()


@register.filter
def identity_number(value, user) -> str:
    if not value:
        return ""
    return value if sees_identity_numbers(user) else mask_number(value)
