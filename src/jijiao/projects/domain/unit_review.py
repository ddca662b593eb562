"""The unit's review: recommend within the quota (APP_UNIT_QUOTA limits recommendations)."""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.orgs.models import Unit
from jijiao.projects.domain.applications import check, log_event
from jijiao.projects.models import Application, Call

QUOTA = "APP_UNIT_QUOTA"


@transaction.atomic
def applications_recommend(
    *, by, call: Call, unit: Unit, applications: list[Application], note: str = ""
) -> list[Application]:
    """Recommend a set of submitted applications to the office, all or none.

    Each is checked with the unit's other recommendations counted, in order, so the set as a
    whole stays within the quota. Side effects: states ``recommended``, an event each, one
    audit entry ``applications.recommended`` with the count.
    """
    require(by, "projects.recommend_for_unit", unit)
    wanted = {a.pk for a in applications}
    mine = Application.objects.select_for_update().filter(pk__in=wanted, call=call, unit=unit)
    if mine.count() != len(wanted):
        raise DomainError("所选申报不属于本单位的本次申报")
    for application in applications:
        application.refresh_from_db()
    locked = sorted(applications, key=lambda a: (a.submitted_at or a.created_at, a.pk))
    refused = []
    for application in locked:
        if application.state != Application.State.SUBMITTED:
            raise DomainError(f"“{application.name}”当前状态为{application.get_state_display()}")
        outcome = check(application, recommending=True, at=application.submitted_at)
        quota = [f for f in outcome["findings"] if f["code"] == QUOTA and f["severity"] == "error"]
        if quota:
            refused.append(f"“{application.name}”：{quota[0]['message']}")
            continue
        transition(application, Application.State.RECOMMENDED)
        application.save(update_fields=["state"])
        log_event(application, by=by, action="recommended", before="submitted", note=note)
    if refused:
        raise DomainError("超出推荐名额，未推荐任何项目：" + "；".join(refused))
    record(
        "applications.recommended",
        actor=by,
        obj=unit,
        data={"call": call.pk, "count": len(locked)},
    )
    return locked
