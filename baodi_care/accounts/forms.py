"""The user's own profile form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "phone"]
        labels = {"email": _("e-mail")}
