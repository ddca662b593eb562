"""An accepted scan is the sign-in or sign-out itself (one per window and person, enforced by
a partial unique constraint), so a sign-in is written by one statement; the marks kept so
far become their scans' windows."""

import django.db.models.deletion
from django.db import migrations, models


def marks_to_scans(apps, schema_editor):
    Mark = apps.get_model("attendance", "Mark")
    Scan = apps.get_model("attendance", "Scan")
    for scan_id, window_id in Mark.objects.values_list("scan_id", "window_id"):
        Scan.objects.filter(pk=scan_id).update(window_id=window_id)


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="scan",
            name="window",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="scans",
                to="attendance.checkwindow",
            ),
        ),
        migrations.RunPython(marks_to_scans, migrations.RunPython.noop),
        migrations.DeleteModel(name="Mark"),
        migrations.AddConstraint(
            model_name="scan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("outcome", "accepted")),
                fields=("window", "person"),
                name="scan_accepted_once_per_window",
            ),
        ),
    ]
