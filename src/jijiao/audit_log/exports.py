"""The audit log as Excel: the entries a search found, in Beijing time, with the Chinese name of
each action and its raw data."""

import json
from collections.abc import Callable

from django.db.models import QuerySet

from jijiao.audit_log.display import data_text
from jijiao.audit_log.models import AuditEntry
from jijiao.audit_log.vocab import label
from jijiao.common import clock
from jijiao.common.documents.excel import xlsx_bytes

HEADERS = ["时间", "操作人", "操作", "操作代码", "对象", "来源地址", "内容", "原始数据"]


def entries_xlsx(
    entries: QuerySet[AuditEntry], progress: Callable[[int, int], None] | None = None
) -> tuple[bytes, int]:
    """The entries as one sheet, with their number; ``progress(done, total)`` as rows are
    written. Reads only."""
    total = entries.count()
    done = 0

    def rows():
        nonlocal done
        for e in entries.iterator(chunk_size=2000):
            done += 1
            if progress is not None:
                progress(done, total)
            yield [
                # Excel has no time zones: write the Beijing time the page shows.
                clock.local(e.at),
                e.actor_label,
                label(e.action),
                e.action,
                e.object_label,
                e.address,
                data_text(e),
                json.dumps(e.data, ensure_ascii=False),
            ]

    content = xlsx_bytes("审计日志", HEADERS, rows())
    return content, done
