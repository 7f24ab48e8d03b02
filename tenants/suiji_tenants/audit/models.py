"""The per-organisation, hash-chained audit log (R18: the whole process leaves a trace).

Each schema (every organisation, and the public schema for platform operations) has its own
chain. A record's hash covers its content and the previous record's hash; the head row holds
the last sequence number and hash, so removing the newest records is detected too.
"""

from django.db import models


class AuditRecord(models.Model):
    id = models.BigAutoField(primary_key=True)
    seq = models.BigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor = models.CharField("操作人", max_length=150, blank=True)
    organisation_code = models.CharField("组织机构", max_length=6, blank=True)
    operation = models.CharField("操作", max_length=64)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象", max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.operation} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """A single row: the chain's newest sequence number and hash."""

    id = models.BigAutoField(primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
