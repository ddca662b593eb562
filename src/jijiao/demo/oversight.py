"""On-site supervision: the city office draws the year's round of filed sessions (seed 000 二.5),
its inspector records a finding at the one already held, and the office sanctions the host for
it; the next session's visit waits for the inspector."""

import datetime as dt
from decimal import Decimal

from jijiao.common import clock
from jijiao.demo.clockwork import at, day
from jijiao.demo.world import account, office
from jijiao.hosting.domain.inspections import (
    inspection_assign,
    inspection_draw,
    inspection_record,
    sanction_open,
)
from jijiao.orgs.models import Role


def load_oversight() -> None:
    from jijiao.demo.base import demo_account

    wz, city = account("wz_office"), office(0)
    inspector = demo_account("inspector_wz", "督导员（温州市继教办）", Role.INSPECTOR, city)
    with at(day(-30)):
        draw = inspection_draw(
            by=wz, office=city, year=day(-30).year, rate=Decimal("1"), seed="demo"
        )
        # The round drawn: the session already held is visited on site, the next one waits.
        for drawn in draw.inspections.order_by("session__starts_at"):
            inspection_assign(by=wz, inspection=drawn, inspector=inspector)
        inspection = draw.inspections.filter(session__starts_at__lt=day(0)).first()
    with at(clock.local(inspection.session.starts_at) + dt.timedelta(hours=2)):  # on site
        inspection_record(
            by=inspector,
            inspection=inspection,
            findings="现场授课教师与报备名单不一致，一名报备教师未到场，由未报备人员代课",
            violation=True,
        )
    with at(clock.local(inspection.session.ends_at) + dt.timedelta(days=5)):
        sanction_open(
            by=wz,
            inspection=inspection,
            kind="quota_cut",
            reason="现场督导发现授课教师与报备不一致，缩减下一年度申报名额 1 项",
            quota_cut=1,
        )
