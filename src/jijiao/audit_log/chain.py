"""The audit log's HMAC chain: each entry carries a link that only the key can make.

An entry is written into one of ``AUDIT_CHAIN_LANES`` lanes (independent chains). Its link is
``HMAC(JIJIAO_AUDIT_CHAIN_KEY, previous link of the lane ‖ the entry's content)`` and its
``lane_seq`` counts on from the previous entry of the lane, so a row removed leaves a gap in the
count and a row changed no longer matches its link — also when a database superuser, who has
no key, does it. :func:`verify` walks every lane and says where.

Why lanes: a single chain needs one lock held from reading the last link to the end of the
writing transaction, and at 09:00 every sign-in would queue on it. On PostgreSQL an entry takes
the first lane it can lock without waiting (``pg_try_advisory_xact_lock``), starting from one
picked by the process, so concurrent transactions write side by side; a transaction keeps the
lane it took. SQLite (development) writes one database transaction at a time anyway: one lane.
"""

import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

LOCK_CLASS = 0x4A4A  # advisory lock namespace "JJ": (LOCK_CLASS, lane)


@functools.lru_cache(maxsize=4)
def _keyed(key: str) -> "hmac.HMAC":
    return hmac.new(key.encode(), digestmod=hashlib.sha256)


def _mac(payload: bytes) -> str:
    keyed = _keyed(settings.AUDIT_CHAIN_KEY).copy()
    keyed.update(payload)
    return keyed.hexdigest()


def genesis(lane: int) -> str:
    """The link before a lane's first entry."""
    return _mac(f"jijiao-audit-genesis|{lane}".encode())


def content(entry) -> bytes:
    """What the link covers: every column a reader relies on, in a fixed form that survives the
    round trip through the database (JSON with sorted keys, the time in UTC to the microsecond)."""
    data = json.loads(json.dumps(entry.data or {}))
    parts = [
        str(entry.lane),
        str(entry.lane_seq),
        entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        str(entry.actor_id or ""),
        entry.actor_label or "",
        entry.action or "",
        entry.object_type or "",
        entry.object_id or "",
        entry.object_label or "",
        str(entry.address or ""),
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
    ]
    return "\x1f".join(parts).encode()


def link(previous: str, entry) -> str:
    return _mac(previous.encode() + b"\x1e" + content(entry))


def take_lane() -> int:
    """A lane for the current transaction (call inside ``transaction.atomic``). PostgreSQL:
    the first lane free of other transactions, locked until this one ends."""
    lanes = max(1, settings.AUDIT_CHAIN_LANES)
    if connection.vendor != "postgresql":
        return 0
    # Each process and thread starts looking at its own lane, so they seldom even try the same.
    start = hash((os.getpid(), threading.get_ident())) % lanes
    with connection.cursor() as cursor:
        for step in range(lanes):
            lane = (start + step) % lanes
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_CLASS, lane])
            if cursor.fetchone()[0]:
                return lane
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, start])
    return start


def head(lane: int) -> tuple[int, str]:
    """(last ``lane_seq``, its link) of a lane: its newest entry, else the checkpoint of its last
    pruning, else the genesis."""
    from jijiao.audit_log.models import AuditCheckpoint, AuditEntry

    last = (
        AuditEntry.objects.filter(lane=lane, lane_seq__isnull=False)
        .order_by("-lane_seq")
        .values_list("lane_seq", "link")
        .first()
    )
    if last:
        return last
    checkpoint = (
        AuditCheckpoint.objects.filter(lane=lane)
        .order_by("-last_seq")
        .values_list("last_seq", "last_link")
        .first()
    )
    return checkpoint or (0, genesis(lane))


# --- verification -------------------------------------------------------------------------------


@dataclass
class Finding:
    lane: int
    where: str  # e.g. "记录 #1234" or "第 3 链第 57 条"
    message: str

    def __str__(self) -> str:
        return f"第 {self.lane} 链，{self.where}：{self.message}"


@dataclass
class Report:
    checked: int = 0
    lanes: int = 0
    unlinked: int = 0
    checkpoints: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def verify() -> Report:
    """Walk every lane from its checkpoint (or genesis): each entry must continue the count and
    match its link; every checkpoint must be vouched for by a chained ``audit_log.pruned``
    entry (a superuser could insert a checkpoint, but not the entry's link)."""
    from jijiao.audit_log.models import AuditCheckpoint, AuditEntry

    report = Report()
    report.unlinked = AuditEntry.objects.filter(lane_seq__isnull=True).count()
    starts: dict[int, tuple[int, str]] = {}
    checkpoints = list(AuditCheckpoint.objects.order_by("lane", "last_seq"))
    report.checkpoints = len(checkpoints)
    for checkpoint in checkpoints:
        starts[checkpoint.lane] = (checkpoint.last_seq, checkpoint.last_link)
    vouched = _vouched_checkpoints()
    for checkpoint in checkpoints:
        if (checkpoint.lane, checkpoint.last_seq, checkpoint.last_link) not in vouched:
            report.findings.append(
                Finding(
                    checkpoint.lane,
                    f"清理检查点 #{checkpoint.pk}",
                    "没有与之对应的“审计日志清理”记录，可能是伪造的清理（删除了前面的记录）",
                )
            )
    lanes = set(
        AuditEntry.objects.filter(lane_seq__isnull=False).values_list("lane", flat=True).distinct()
    ) | set(starts)
    report.lanes = len(lanes)
    for lane in sorted(lanes):
        _verify_lane(lane, starts.get(lane, (0, genesis(lane))), report)
    return report


def _vouched_checkpoints() -> set[tuple[int, int, str]]:
    from jijiao.audit_log.models import AuditEntry

    vouched = set()
    for data in AuditEntry.objects.filter(
        action="audit_log.pruned", lane_seq__isnull=False
    ).values_list("data", flat=True):
        for lane, (last_seq, last_link) in (data.get("checkpoints") or {}).items():
            vouched.add((int(lane), int(last_seq), last_link))
    return vouched


def _verify_lane(lane: int, start: tuple[int, str], report: Report) -> None:
    from jijiao.audit_log.models import AuditEntry

    expected_seq, previous = start[0] + 1, start[1]
    previous_id = None
    rows = (
        AuditEntry.objects.filter(lane=lane, lane_seq__isnull=False)
        .order_by("lane_seq")
        .iterator(chunk_size=2000)
    )
    for entry in rows:
        report.checked += 1
        if entry.lane_seq != expected_seq:
            if entry.lane_seq > expected_seq:
                missing = (
                    f"第 {expected_seq} 条"
                    if entry.lane_seq == expected_seq + 1
                    else f"第 {expected_seq}–{entry.lane_seq - 1} 条"
                )
                after = f"记录 #{previous_id} 之后、" if previous_id else ""
                report.findings.append(
                    Finding(
                        lane,
                        f"{after}记录 #{entry.pk} 之前",
                        f"缺少{missing}（被删除）",
                    )
                )
            else:
                report.findings.append(
                    Finding(lane, f"记录 #{entry.pk}", f"序号 {entry.lane_seq} 重复或倒退")
                )
        elif not hmac.compare_digest(entry.link, link(previous, entry)):
            report.findings.append(
                Finding(
                    lane,
                    f"记录 #{entry.pk}（{entry.at:%Y-%m-%d %H:%M:%S} {entry.action}）",
                    "内容与链接不符（被改动）",
                )
            )
        expected_seq, previous, previous_id = entry.lane_seq + 1, entry.link, entry.pk
