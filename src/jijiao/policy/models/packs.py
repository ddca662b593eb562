"""Office-authored packs (read-only once a decision uses them) and the snapshots of the packs
that decisions used."""

from django.db import models


class StoredPack(models.Model):
    """A pack an office wrote in the web UI (TOML, checked by the shipped schema).

    Editable until a decision uses it (``locked_at``); after that a new pack is made instead.
    """

    pack_id = models.CharField("政策包标识", max_length=63, unique=True)
    title = models.CharField("名称", max_length=120)
    extends = models.CharField("继承自", max_length=63, blank=True)
    text = models.TextField("内容 (TOML)")
    content_hash = models.CharField("内容哈希", max_length=64)
    office = models.ForeignKey(
        "orgs.Unit", verbose_name="编制部门", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间")
    created_by = models.ForeignKey("orgs.Account", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("修改时间")
    locked_at = models.DateTimeField("首次使用时间（此后只读）", null=True, blank=True)
    locked_by_use = models.CharField("首次使用于", max_length=120, blank=True)

    class Meta:
        verbose_name = "自定义政策包"
        ordering = ["pack_id"]

    def __str__(self) -> str:
        return f"{self.pack_id} {self.title}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class PolicySnapshot(models.Model):
    """The effective content of a pack at a hash, kept the first time a decision uses it, so a
    stored decision can always show exactly the values it was made with."""

    pack_id = models.CharField("政策包标识", max_length=63)
    content_hash = models.CharField("内容哈希", max_length=64, unique=True)
    values = models.JSONField("生效内容")
    first_used_at = models.DateTimeField("首次使用")

    class Meta:
        verbose_name = "政策包快照"

    def __str__(self) -> str:
        return f"{self.pack_id}@{self.content_hash[:12]}"
