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
from jijiao.demo import base, clockwork, history, jobs
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
    Step("后台任务", jobs.load_jobs),
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
