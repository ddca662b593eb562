"""PersonRecord and PastProject move here from ``projects``: the state only. The tables keep
their names (``projects_personrecord``, ``projects_pastproject``), so no row moves; projects
0006 drops the models from its own state after this one."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('orgs', '0003_unit_category'),
        ('projects', '0005_declared_fields_and_attachment_kinds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PersonRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('integrity', '科研诚信不良记录'), ('misconduct', '项目执行弄虚作假或不良反馈')], max_length=12, verbose_name='类型')),
                        ('date', models.DateField(verbose_name='日期')),
                        ('note', models.CharField(max_length=200, verbose_name='说明')),
                        ('recorded_at', models.DateTimeField(verbose_name='登记时间')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='records', to='orgs.person')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': '人员记录',
                        'db_table': 'projects_personrecord',
                        'ordering': ['person', '-date'],
                    },
                ),
                migrations.CreateModel(
                    name='PastProject',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                        ('level', models.CharField(choices=[('national', '国家级'), ('provincial', '省级'), ('city', '市级')], max_length=12, verbose_name='级别')),
                        ('number', models.CharField(blank=True, max_length=40, verbose_name='项目编号')),
                        ('name', models.CharField(max_length=160, verbose_name='项目名称')),
                        ('track', models.CharField(choices=[('new', '新申报'), ('refiling', '备案')], default='new', max_length=10, verbose_name='项目类型')),
                        ('leader_name', models.CharField(max_length=40, verbose_name='项目负责人')),
                        ('held', models.BooleanField(verbose_name='已举办')),
                        ('excused', models.BooleanField(default=False, verbose_name='未举办理由正当')),
                        ('not_held_reason', models.CharField(blank=True, max_length=200, verbose_name='未举办原因')),
                        ('credited_persons', models.PositiveIntegerField(blank=True, null=True, verbose_name='授予学分人数')),
                        ('online', models.BooleanField(default=False, verbose_name='线上')),
                        ('source', models.CharField(blank=True, max_length=80, verbose_name='来源')),
                        ('leader', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='past_projects', to='orgs.person')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='past_projects', to='orgs.unit')),
                    ],
                    options={
                        'verbose_name': '历年项目',
                        'db_table': 'projects_pastproject',
                        'ordering': ['unit', '-year', 'number'],
                        'constraints': [models.UniqueConstraint(fields=('unit', 'year', 'level', 'name', 'leader_name'), name='past_project_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
