"""Attendance, feedback and project funding lines get the `updated_at` a save checks."""

import django.utils.timezone
from django.db import migrations, models


def _stamp(name: str) -> migrations.AddField:
    return migrations.AddField(
        model_name=name,
        name="updated_at",
        field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
        preserve_default=False,
    )


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [_stamp("attendance"), _stamp("feedback"), _stamp("projectfunding")]
