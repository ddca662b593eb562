"""PersonRecord and PastProject now belong to the ``records`` app (records 0001). Only the
migration state changes; the tables stay where they are, with their rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_declared_fields_and_attachment_kinds"),
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PersonRecord"),
                migrations.DeleteModel(name="PastProject"),
            ],
            database_operations=[],
        ),
    ]
