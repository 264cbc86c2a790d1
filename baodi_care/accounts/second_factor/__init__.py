"""The second factor (django-otp): TOTP authenticators, recovery codes, the sign-in step that asks for them, and the
middleware that requires them of staff (officials, the commission, member departments, administrators)."""
