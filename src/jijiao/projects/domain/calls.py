"""Calls: open, extend, close early."""

import datetime as dt

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.orgs.models import Unit
from jijiao.policy.access import examples_hold, get_policy, policy_for_decision
from jijiao.projects.models import Call


def _window_from_policy(policy, level: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    rule = policy.rule("application", level, "APP_WINDOW")
    if rule is None:
        return None, None
    return _aware(rule.get("start")), _aware(rule.get("end"))


def plan_deadline(policy, year: int, today: dt.date) -> dt.datetime | None:
    """The pack's next plan deadline of ``year`` from ``today`` (``plans.deadlines``, seed 003
    第十一条: 03-31 and 07-31), as the end of that day; ``None`` when the pack has none left."""
    for day in sorted(policy.get("plans", "deadlines", default=())):
        month, date = (int(part) for part in day.split("-"))
        deadline = dt.date(year, month, date)
        if deadline >= today:
            return clock.local(dt.datetime.combine(deadline, dt.time(23, 59, 59)))
    return None


def _aware(value) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return clock.local(value)


@transaction.atomic
def call_open(
    *,
    by,
    office: Unit,
    title: str,
    level: str,
    year: int,
    policy_id: str,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    paper_deadline: dt.datetime | None = None,
    kind: str = Call.Kind.PROJECT,
    notice_text: str = "",
    tcm_office: Unit | None = None,
) -> Call:
    """Open a call for a level and year under a policy pack.

    The window defaults to the pack's ``APP_WINDOW`` for that level — for a plan call, from now
    to the pack's next plan deadline (``plans.deadlines``, seed 003 第十一条: 03-31, 07-31) —
    the paper deadline to its ``APP_PAPER_LATE`` deadline (seed 000 三.1: 2025-03-05 17:00).
    The pack's content hash is pinned on the call and the pack becomes read-only; a pack whose
    worked examples fail is refused (``examples_hold``). Where the pack routes TCM projects to
    their own office (``routing.tcm``, seed 003 第七条) a project call names that office
    (``tcm_office``). Side effects: a Call, the pack marked as used, audit ``call.opened``.
    """
    require(by, "projects.open_call", office)
    examples_hold(get_policy(policy_id), use="申报通知的政策包")
    policy = policy_for_decision(policy_id, used_by=f"申报通知:{title}")
    pack_opens, pack_closes = _window_from_policy(policy, level)
    if kind == Call.Kind.PLAN:
        # A plan call runs from now to the pack's next half-year deadline (seed 003 第十一条).
        pack_opens = pack_opens or clock.now()
        pack_closes = pack_closes or plan_deadline(policy, year, clock.today())
    opens_at = clock.local(opens_at) if opens_at else pack_opens
    closes_at = clock.local(closes_at) if closes_at else pack_closes
    if opens_at is None or closes_at is None:
        what = (
            f"{year}年尚未过去的计划提交截止日"
            if kind == Call.Kind.PLAN
            else f"{level}项目的申报时间"
        )
        raise DomainError(
            f"政策包 {policy_id} 未规定{what}，请填写申报开始和截止时间", field="opens_at"
        )
    if closes_at <= opens_at:
        raise DomainError("申报截止时间须晚于开始时间", field="closes_at")
    routing = policy.get("routing", default={})
    if tcm_office is not None and (tcm_office.kind != Unit.Kind.OFFICE or tcm_office == office):
        raise DomainError("中医类项目受理部门须为本通知以外的卫生健康行政部门", field="tcm_office")
    if routing.get("tcm") and tcm_office is None and kind == Call.Kind.PROJECT:
        cite = f"（{routing['cite']}）" if routing.get("cite") else ""
        raise DomainError(
            f"中医类项目由中医主管处室受理审核{cite}，请选择中医类项目受理部门",
            field="tcm_office",
        )
    if paper_deadline is None:
        paper_rule = policy.rule("application", level, "APP_PAPER_LATE")
        paper_deadline = _aware(paper_rule.get("deadline")) if paper_rule else None
    call = Call.objects.create(
        title=title.strip(),
        level=level,
        year=year,
        kind=kind,
        office=office,
        policy_id=policy.id,
        policy_hash=policy.content_hash,
        opens_at=opens_at,
        closes_at=closes_at,
        paper_deadline=clock.local(paper_deadline) if paper_deadline else None,
        notice_text=notice_text,
        tcm_office=tcm_office,
        opened_at=clock.now(),
        opened_by=by,
    )
    record(
        "call.opened",
        actor=by,
        obj=call,
        data={
            "policy": policy.id,
            "policy_hash": policy.content_hash,
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
            "paper_deadline": call.paper_deadline.isoformat() if call.paper_deadline else None,
            "tcm_office": tcm_office.name if tcm_office else None,
        },
    )
    return call


@transaction.atomic
def call_paper_deadline_extend(*, by, call: Call, paper_deadline: dt.datetime, reason: str) -> Call:
    """Move the call's paper deadline later (the pack's ``APP_PAPER_LATE`` deadline is only its
    default). Side effect: audit ``call.paper_extended`` with before/after and the reason."""
    require(by, "projects.manage_call", call)
    if not reason.strip():
        raise DomainError("延长纸质材料截止时间须填写原因", field="reason")
    paper_deadline = clock.local(paper_deadline)
    before = call.paper_deadline
    if before is not None and paper_deadline <= before:
        raise DomainError(
            f"新的纸质材料截止时间须晚于原截止时间 {clock.local(before):%Y-%m-%d %H:%M}",
            field="paper_deadline",
        )
    call.paper_deadline = paper_deadline
    call.save(update_fields=["paper_deadline"])
    record(
        "call.paper_extended",
        actor=by,
        obj=call,
        data={
            "before": before.isoformat() if before else None,
            "after": paper_deadline.isoformat(),
            "reason": reason,
        },
    )
    return call


@transaction.atomic
def call_extend(*, by, call: Call, closes_at: dt.datetime, reason: str) -> Call:
    """Move the closing time later. Side effect: audit ``call.extended`` with before/after."""
    require(by, "projects.manage_call", call)
    if not reason.strip():
        raise DomainError("延期须填写原因", field="reason")
    closes_at = clock.local(closes_at)
    if closes_at <= call.closes_at:
        raise DomainError("延期后的截止时间须晚于原截止时间", field="closes_at")
    before = call.closes_at
    call.closes_at = closes_at
    transition(call, Call.State.OPEN)
    call.save(update_fields=["closes_at", "state"])
    record(
        "call.extended",
        actor=by,
        obj=call,
        data={"before": before.isoformat(), "after": closes_at.isoformat(), "reason": reason},
    )
    return call


@transaction.atomic
def call_close(*, by, call: Call, reason: str) -> Call:
    """Close a call early. Side effect: audit ``call.closed`` with the reason."""
    require(by, "projects.manage_call", call)
    if not reason.strip():
        raise DomainError("提前截止须填写原因", field="reason")
    if call.state == Call.State.CLOSED:
        raise DomainError("该通知已截止")
    transition(call, Call.State.CLOSED)
    call.closes_at = min(call.closes_at, clock.now())
    call.save(update_fields=["state", "closes_at"])
    record("call.closed", actor=by, obj=call, data={"reason": reason})
    return call
