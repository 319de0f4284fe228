import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """A role's version, so a change to it can name the version it changes (the API's PATCH)."""

    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisationmembership",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]
