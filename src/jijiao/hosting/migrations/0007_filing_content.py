from django.db import migrations, models


def approved_content(apps, schema_editor):
    """Filings made before the content was asked for carry the approved 项目简介, so none of
    them reads as a changed content."""
    Filing = apps.get_model("hosting", "Filing")
    filings = Filing.objects.filter(session__project__application__isnull=False).select_related(
        "session__project__application"
    )
    for filing in filings.iterator(chunk_size=500):
        summary = filing.session.project.application.summary.strip()
        if summary:
            Filing.objects.filter(pk=filing.pk).update(content=summary)


class Migration(migrations.Migration):
    dependencies = [
        ("hosting", "0006_inspection_base_target"),
        ("projects", "0003_pastproject_track_training_plans"),
    ]

    operations = [
        migrations.AddField(
            model_name="filing",
            name="content",
            field=models.TextField(blank=True, verbose_name="项目内容"),
        ),
        migrations.RunPython(approved_content, migrations.RunPython.noop),
    ]
