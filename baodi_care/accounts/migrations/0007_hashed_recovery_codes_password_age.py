"""Recovery codes kept hashed (accounts.RecoveryCodeDevice) instead of django-otp's otp_static, which kept them in
plaintext; and the time of each user's last password change (PASSWORD_MAX_AGE_DAYS).

Plaintext codes cannot be turned into the new shape (they have no lookup part), so they are deleted, not hashed:
each user who had some is told in the inbox to make new ones (their authenticator app works as before), and the
migration prints how many. otp_static is no longer installed; its emptied tables may be dropped by hand.
Accounts that have a password start their password's age now, so turning PASSWORD_MAX_AGE_DAYS on later does not
send everybody to change it at once.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

# The text of baodi_care.accounts.second_factor.services.CODES_WITHDRAWN (a test checks that they agree).
CODES_WITHDRAWN = (
    "Your recovery codes were withdrawn: the portal now keeps them only in a form that cannot be read back. Make new "
    "ones on your second factor page and keep them safe."
)
SECOND_FACTOR_PAGE = "/accounts/second-factor/"
PLAINTEXT_DEVICES = "otp_static_staticdevice"
PLAINTEXT_CODES = "otp_static_statictoken"


def withdraw_plaintext_codes(apps, schema_editor):
    """Delete otp_static's plaintext codes (if its tables exist) and tell their owners."""
    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    if PLAINTEXT_DEVICES not in tables or PLAINTEXT_CODES not in tables:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT d.user_id FROM {PLAINTEXT_DEVICES} d JOIN {PLAINTEXT_CODES} t ON t.device_id = d.id"
        )
        owners = sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"DELETE FROM {PLAINTEXT_CODES}")
        cursor.execute(f"DELETE FROM {PLAINTEXT_DEVICES}")
    Notification = apps.get_model("accounts", "Notification")
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, message=CODES_WITHDRAWN, url=SECOND_FACTOR_PAGE) for pk in owners
    )
    if owners:
        print(f"\n  Deleted the plaintext recovery codes of {len(owners)} account(s); each was told to make new ones.")


def start_password_age(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(password_changed_at__isnull=True).exclude(password__startswith="!").exclude(
        password=""
    ).update(password_changed_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_usersession'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicaluser',
            name='password_changed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='password changed'),
        ),
        migrations.AddField(
            model_name='user',
            name='password_changed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='password changed'),
        ),
        migrations.CreateModel(
            name='RecoveryCodeDevice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='The date and time when this device was initially created in the system.', null=True)),
                ('last_used_at', models.DateTimeField(blank=True, help_text='The most recent date and time this device was used.', null=True)),
                ('user', models.ForeignKey(help_text='The user that this device belongs to.', on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'recovery codes',
                'verbose_name_plural': 'recovery codes',
            },
        ),
        migrations.CreateModel(
            name='RecoveryCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lookup', models.CharField(max_length=4, verbose_name='lookup part')),
                ('secret_hash', models.CharField(max_length=128, verbose_name='hash of the secret part')),
                ('device', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='codes', to='accounts.recoverycodedevice')),
            ],
            options={
                'verbose_name': 'recovery code',
                'verbose_name_plural': 'recovery codes',
                'constraints': [models.UniqueConstraint(fields=('device', 'lookup'), name='recovery_code_lookup_unique')],
            },
        ),
        migrations.RunPython(withdraw_plaintext_codes, migrations.RunPython.noop),
        migrations.RunPython(start_password_age, migrations.RunPython.noop),
    ]
