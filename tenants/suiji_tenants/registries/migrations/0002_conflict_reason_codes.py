"""Conflicts carry a reason code from the published list (kinship, employment, shareholding,
other: docs/draw-record.md §11); the draw record publishes the code, never the free text.
Existing rows: the old codes map to the new ones; `other` rows whose text names a known reason
get that code."""

from django.db import migrations, models

OLD_TO_NEW = {"relative": "kinship", "former_employer": "employment"}
CODES = ("kinship", "employment", "shareholding", "other")
# Words in the free text that name a reason (checked in this order).
TEXT_HINTS = (
    ("kinship", ("配偶", "亲属", "父", "母", "子女", "兄", "弟", "姐", "妹", "夫", "妻")),
    ("shareholding", ("股", "投资", "利益")),
    ("employment", ("任职", "工作", "就职", "雇", "曾在", "员工")),
)


def to_codes(apps, schema_editor):  # noqa: ANN001, ARG001 - migration signature
    Conflict = apps.get_model("registries", "Conflict")
    for c in Conflict.objects.all().only("id", "kind", "reason"):
        kind = OLD_TO_NEW.get(c.kind, c.kind)
        if kind not in CODES:
            kind = "other"
        if kind == "other":
            for code, words in TEXT_HINTS:
                if any(w in c.reason for w in words):
                    kind = code
                    break
        if kind != c.kind:
            Conflict.objects.filter(pk=c.pk).update(kind=kind)


def to_old(apps, schema_editor):  # noqa: ANN001, ARG001 - migration signature
    Conflict = apps.get_model("registries", "Conflict")
    for new, old in (("kinship", "relative"), ("employment", "former_employer")):
        Conflict.objects.filter(kind=new).update(kind=old)


class Migration(migrations.Migration):
    dependencies = [("registries", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="conflict",
            name="kind",
            field=models.CharField(
                choices=[
                    ("kinship", "近亲属关系"),
                    ("employment", "任职关系（现任或曾任）"),
                    ("shareholding", "持股或利益关系"),
                    ("other", "其他"),
                ],
                max_length=32,
                verbose_name="回避原因代码",
            ),
        ),
        migrations.AlterField(
            model_name="conflict",
            name="reason",
            field=models.CharField(blank=True, max_length=500, verbose_name="说明（不公开）"),
        ),
        migrations.RunPython(to_codes, to_old),
    ]
