"""Targeted inspections now live in the inspections app (its 0003 renames the table): this
only removes the model from the draws' state; nothing changes in the database."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('draws', '0003_targeted_project'),
        ('inspections', '0003_targeted_inspections'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='TargetedInspection')],
            database_operations=[],
        ),
    ]
