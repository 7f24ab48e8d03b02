from django.db import migrations, models

# Every organisation's registry already indexed: copy the entities' nature into the index
# (one UPDATE per schema; a schema whose registry is not migrated yet is skipped, its rows are
# written with the nature from then on).
BACKFILL = """
UPDATE public.index_entityindex i SET nature = m.nature
FROM {schema}.registries_marketentity m
WHERE i.organisation_id = %s AND i.kind = 'entity' AND i.uscc = m.uscc AND m.nature <> ''
"""


def backfill(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for pk, schema in Organisation.objects.values_list("pk", "schema_name"):
            cursor.execute(
                "SELECT to_regclass(%s)", [f"{connection.ops.quote_name(schema)}.registries_marketentity"]
            )
            if cursor.fetchone()[0] is None:
                continue
            cursor.execute(BACKFILL.format(schema=connection.ops.quote_name(schema)), [pk])


class Migration(migrations.Migration):
    dependencies = [
        ("index", "0003_merge_0002_entityindex_active_by_org_0002_jointvisit"),
    ]

    operations = [
        migrations.AddField(
            model_name="entityindex",
            name="nature",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
