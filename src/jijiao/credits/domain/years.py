"""The city's settings for a credit year: the pack and, optionally, its own lock date."""

import datetime as dt

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.credits.domain.summaries import summaries_recompute_submit
from jijiao.credits.models import CreditYear
from jijiao.orgs.models import Unit
from jijiao.policy.access import UnknownPack, examples_hold, get_policy


@transaction.atomic
def credit_year_set(
    *, by, office: Unit, year: int, policy_id: str, locks_on: dt.date | None = None
) -> CreditYear:
    """Set (or change) the pack that decides the year's entries and the lock date. Rows already
    entered keep the pack they were decided with. Side effects: the :class:`CreditYear` row,
    audit ``credits.year_set`` with before and after; when the pack is new for the year, a job
    recomputing the year's compliance summaries of the city (``credits.summaries_recompute``).
    A pack whose worked examples fail is refused (``examples_hold``)."""
    require(by, "credits.set_credit_year", office)
    try:
        policy = get_policy(policy_id)
    except UnknownPack:
        raise DomainError(f"未知的政策包：{policy_id}", field="policy_id") from None
    examples_hold(policy, use=f"{year}年度学分的政策包")
    if locks_on is not None and locks_on.year <= year:
        raise DomainError(f"锁定日期须在 {year} 年之后", field="locks_on")
    current = CreditYear.objects.select_for_update().filter(office=office, year=year).first()
    before = None
    if current is None:
        current = CreditYear(office=office, year=year)
    else:
        before = {"policy": current.policy_id, "locks_on": str(current.locks_on or "")}
    current.policy_id = policy_id
    current.locks_on = locks_on
    current.set_by = by
    current.set_at = clock.now()
    current.save()
    if before is None or before["policy"] != policy_id:
        summaries_recompute_submit(by=by, organisation=office, year=year)
    record(
        "credits.year_set",
        actor=by,
        obj=office,
        data={
            "year": year,
            "before": before,
            "after": {"policy": policy_id, "locks_on": str(locks_on or "")},
        },
    )
    return current
