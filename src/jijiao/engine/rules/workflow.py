"""Workflow-only rules: checked where the workflow holds their facts, never by the precheck.

``APP_PAPER_LATE`` lives in the ``application`` section of a pack (it is the call's rule) but
its facts — when the unit's stamped paper set arrived — exist only in the office's records, so
the application precheck skips it (:data:`CHECKS` here, not ``application.CHECKS``) and the
office's intake and decision ask :func:`check_paper` instead.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from jijiao.engine.packs.model import Rule
from jijiao.engine.rules.findings import Finding, found


@dataclass(frozen=True)
class PaperSet:
    """The facts of one unit's paper set for a call: its deadline (the call's, which starts as
    the pack's ``deadline`` and which the office may extend), when it arrived, and now."""

    deadline: datetime | None
    received_at: datetime | None
    now: datetime


def _shown(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def check_paper(paper: PaperSet, rule: Rule, *, final: bool = True) -> list[Finding]:
    """APP_PAPER_LATE: the unit's stamped paper set arrived by the deadline ("网上申报与纸质申报
    同时进行，缺一不可"). After the deadline a set never received, or received after it, is a
    finding; before it a set not yet received is one only when ``final`` (a decision needs the
    paper in hand; intake may go ahead while the set can still arrive)."""
    deadline = paper.deadline
    if deadline is None:
        return []
    if paper.received_at is not None:
        if paper.received_at <= deadline:
            return []
        text = (
            f"纸质申报材料 {_shown(paper.received_at)} 才收到，晚于截止时间 {_shown(deadline)}"
            "，网上申报与纸质申报缺一不可"
        )
        return [found(rule, "paper", text)]
    if paper.now <= deadline:
        if not final:
            return []
        text = f"尚未收到纸质申报材料（截止 {_shown(deadline)}），网上申报与纸质申报缺一不可"
        return [found(rule, "paper", text)]
    text = f"截止时间 {_shown(deadline)} 已过，未收到纸质申报材料，网上申报与纸质申报缺一不可"
    return [found(rule, "paper", text)]


@dataclass(frozen=True)
class WindowSpan:
    """A sign-in or sign-out window the host sets, and the session it belongs to."""

    kind_label: str
    opens_at: datetime
    closes_at: datetime
    session_start: datetime
    session_end: datetime


def check_window(window: WindowSpan, rule: Rule) -> list[Finding]:
    """ATT_WINDOW_OUTSIDE_SESSION: a sign-in or sign-out window shares at least one moment with
    the session's time, widened by ``lead_minutes`` on both sides (0 when the pack gives none):
    a scan in a window that does not is recorded but does not count ("学员须在申办单位设定时间内
    扫描签到与签退二维码" presumes the set time is the session's)."""
    lead = timedelta(minutes=rule.get("lead_minutes", 0) or 0)
    if window.opens_at <= window.session_end + lead and window.closes_at >= (
        window.session_start - lead
    ):
        return []
    shown = (
        f"{window.kind_label}时间 {window.opens_at:%m-%d %H:%M}–{window.closes_at:%H:%M} "
        f"与举办时间 {window.session_start:%m-%d %H:%M}–{window.session_end:%m-%d %H:%M} 不重叠"
    )
    if lead:
        shown += f"（前后各放宽 {rule.get('lead_minutes')} 分钟）"
    return [found(rule, "window", shown + "，在此时间扫码不计入学时")]


CHECKS: dict[str, Callable[..., list[Finding]]] = {
    "APP_PAPER_LATE": check_paper,
    "ATT_WINDOW_OUTSIDE_SESSION": check_window,
}
