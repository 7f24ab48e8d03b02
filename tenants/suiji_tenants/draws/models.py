"""Draws (R5–R10, R20) around the pure engine (`engine.py`): the draw and its life
(previewed → committed → executed → published, or voided), the frozen pool, the rows written
by execution for querying (targets, teams, members, recusals). Targeted inspections (R16) live
in the inspections app (`inspections.targeted`); draws see them only through the ledger.

The record (format suiji-draw/1, see docs/draw-record.md) is the source of truth; the rows are
a queryable copy of it. It is stored in two parts: its body (`record_body_gz`) and the frozen
pool (`DrawSnapshot`), which holds the record's pool and exclusion lists — stored once, never
changed after the commit; `services.read_record` puts them together.
"""

from django.conf import settings
from django.db import models

from suiji_tenants.plans.models import PlanRound, PlanTask
from suiji_tenants.registries.models import Inspector, MarketEntity


class DrawStatus(models.TextChoices):
    PREVIEWED = "previewed", "已预览"
    COMMITTED = "committed", "已提交承诺"
    EXECUTED = "executed", "已抽取"
    PUBLISHED = "published", "已公开"
    VOIDED = "voided", "已作废"


class Draw(models.Model):
    id = models.BigAutoField(primary_key=True)
    # The engine's draw id, e.g. "533103-D000001": part of the seed and of the record.
    reference = models.CharField("抽取编号", max_length=64, unique=True)
    task = models.ForeignKey(PlanTask, on_delete=models.PROTECT, related_name="draws")
    round = models.ForeignKey(PlanRound, on_delete=models.PROTECT, related_name="draws")
    plan_year = models.PositiveIntegerField("计划年度")
    status = models.CharField(
        max_length=16, choices=DrawStatus.choices, default=DrawStatus.PREVIEWED
    )
    # What the draw depends on besides the pool: the engine's params, items, visit cap.
    parameters = models.JSONField(default=dict)
    pool_size = models.PositiveIntegerField(null=True, blank=True)
    pool_digest = models.CharField(max_length=64, blank=True)
    excluded_count = models.PositiveIntegerField(null=True, blank=True)
    exclusions_digest = models.CharField(max_length=64, blank=True)
    commitment = models.CharField("承诺值 SHA-256(secret)", max_length=64, blank=True)
    # Fernet-encrypted hex secret; revealed only in the record after execution.
    secret_encrypted = models.TextField(blank=True)
    witnesses = models.JSONField("见证输入", default=list)
    seed = models.CharField(max_length=64, blank=True)
    result_digest = models.CharField(max_length=64, blank=True)
    # The record without its pool and exclusion lists (null there): those are the snapshot's.
    record_body_gz = models.BinaryField("抽取记录正文（gzip JSON）", null=True, blank=True)
    target_count = models.PositiveIntegerField(default=0)
    team_count = models.PositiveIntegerField(default=0)
    recusal_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    executed_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.TextField(blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status"], name="draw_status")]

    def __str__(self) -> str:
        return self.reference


class DrawSnapshot(models.Model):
    """The pool and exclusions frozen at commit (one consistent snapshot), format
    ``suiji-snapshot/2`` (see ``pool.freeze``); written and read with binary COPY
    (``storage.py``). Never changed after the commit."""

    draw = models.OneToOneField(Draw, on_delete=models.CASCADE, primary_key=True)
    data = models.BinaryField()
    taken_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"snapshot {self.draw_id}"


class DrawTarget(models.Model):
    id = models.BigAutoField(primary_key=True)
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveIntegerField("匹配顺序")
    entity = models.ForeignKey(
        MarketEntity, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    code = models.CharField("统一社会信用代码", max_length=64)
    name = models.CharField(max_length=200, blank=True)
    stratum = models.JSONField(default=list)
    key = models.CharField(max_length=64)
    team_number = models.PositiveIntegerField()
    # A joint draw's target: the county it belongs to (the pool spans the counties' registries).
    organisation_code = models.CharField("所属县（市）", max_length=12, blank=True, default="")

    class Meta:
        ordering = ["draw_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "code"], name="drawtarget_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.draw_id}:{self.code}"


class DrawTeam(models.Model):
    id = models.BigAutoField(primary_key=True)
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="teams")
    number = models.PositiveIntegerField()

    class Meta:
        ordering = ["draw_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "number"], name="drawteam_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.draw_id}#{self.number}"


class DrawTeamMember(models.Model):
    id = models.BigAutoField(primary_key=True)
    team = models.ForeignKey(DrawTeam, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=16)  # officer | expert
    position = models.PositiveIntegerField()
    inspector = models.ForeignKey(
        Inspector, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    # Certificate number (officer) or expert id as published in the record.
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=64)

    class Meta:
        ordering = ["team_id", "role", "position"]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.code}"


class Recusal(models.Model):
    """One recusal step (R10): a swap of targets between teams or a replacement."""

    id = models.BigAutoField(primary_key=True)
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="recusals")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=16)  # swap | replace
    role = models.CharField(max_length=16)
    team_number = models.PositiveIntegerField()
    target = models.CharField(max_length=64)
    inspector = models.CharField(max_length=64)
    reason = models.CharField(max_length=500)
    swap_team = models.PositiveIntegerField(null=True, blank=True)
    swap_target = models.CharField(max_length=64, blank=True)
    replacement = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["draw_id", "seq"]

    def __str__(self) -> str:
        return f"{self.draw_id}:{self.seq} {self.kind}"
