"""The demo world loaded by ``jijiao demo`` (and ``make run``): a Wenzhou-like city built through
the domain functions — so every rule, audit entry, document and certificate in it is real — on
days relative to the day it is loaded (``clockwork``).

The world is built in ``STEPS``, one module per area. Each step runs in one transaction that
ends with a ``demo.loaded`` audit entry naming it, so a second run skips what is done
(idempotent); a step a rule refuses (``DomainError``) is logged, rolled back and tried again on
the next run. ``--minimal`` loads only the steps tests needing accounts ask for.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.demo import (
    admins,
    applications,
    audits,
    base,
    clockwork,
    credits,
    history,
    jobs,
    lists,
    orgs,
    oversight,
    remote,
    sessions,
)
from jijiao.demo.world import DEMO_CATEGORY_PACK, DEMO_PACK, DEMO_PASSWORD, DemoLogins

__all__ = ["DEMO_CATEGORY_PACK", "DEMO_PACK", "DEMO_PASSWORD", "STEPS", "DemoLogins", "load_demo"]

log = logging.getLogger("jijiao.demo")


@dataclass(frozen=True)
class Step:
    name: str  # what the audit log names (Chinese: the log is read by people)
    load: Callable[[], None]
    minimal: bool = False


STEPS = [
    Step("机构、人员与账号", base.load_base, minimal=True),
    Step("政策包与申报通知", base.load_packs, minimal=True),
    Step("往年项目与处理", history.load_history),
    Step("第一批申报：评审与公布", applications.load_earlier_call),
    Step("本次申报：各环节的申报", applications.load_open_call),
    Step("学分年度政策包", credits.load_years),
    Step("国家级、省级项目名单导入", lists.load_lists),
    Step("举办：报备、签到、评估、执行情况与学分授予", sessions.load_sessions),
    Step("上年度学分：导入、视同完成", credits.load_last_year),
    Step("上年度达标名单确认与年度合格证明", credits.load_proof),
    Step("本年度学分：各审核环节", credits.load_this_year),
    Step("现场督导与处理", oversight.load_oversight),
    Step("晋升学分审核", audits.load_audits),
    Step("远程教育机构、课程与完成名单", remote.load_remote),
    Step("单位账号申请与更名", orgs.load_orgs),
    Step("后台任务", jobs.load_jobs),
    Step("管理员的待办：被锁定的账号与失败的任务", admins.load_admin_work),
]


def done(name: str) -> bool:
    return AuditEntry.objects.filter(action="demo.loaded", data__step=name).exists()


def run_step(step: Step) -> bool:
    """Run one step unless done; ``False`` when a rule refused it (logged, tried next run)."""
    if done(step.name):
        return True
    try:
        with transaction.atomic():
            step.load()
            record("demo.loaded", data={"step": step.name})
    except DomainError as error:
        log.warning("演示数据“%s”未载入：%s", step.name, error.message)
        return False
    return True


def load_demo(*, minimal: bool = False) -> DemoLogins:
    """Load the demo world (or only its ``minimal`` steps); what is loaded already is kept."""
    clockwork.load_day.cache_clear()
    refused = [step.name for step in STEPS if (step.minimal or not minimal) and not run_step(step)]
    logins = base.logins()
    logins.refused = refused
    return logins
