"""Targeted inspections (R16) move from draws to inspections. The rows stay: the table is
renamed, and Django's state moves the model (draws 0004 drops it from the draws' state only).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0002_evidence_referrals'),
        ('draws', '0003_targeted_project'),
        ('registries', '0002_conflict_reason_codes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE draws_targetedinspection RENAME TO inspections_targetedinspection",
                    reverse_sql="ALTER TABLE inspections_targetedinspection RENAME TO draws_targetedinspection",
                ),
            ],
            state_operations=[
        migrations.CreateModel(
            name='TargetedInspection',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('reason', models.CharField(choices=[('complaint', '投诉举报'), ('big_data', '大数据监测'), ('handed_over', '转办交办案件'), ('safety', '安全生产等重点领域')], max_length=16)),
                ('description', models.TextField(blank=True, verbose_name='情况说明')),
                ('item_codes', models.JSONField(default=list)),
                ('started_on', models.DateField(verbose_name='开始日期')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='结案日期')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('entity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registries.marketentity')),
                ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registries.project')),
            ],
            options={
                'ordering': ['-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('entity__isnull', False), ('project__isnull', True)), models.Q(('entity__isnull', True), ('project__isnull', False)), _connector='OR'), name='targeted_entity_or_project')],
            },
        ),
            ],
        ),
    ]
