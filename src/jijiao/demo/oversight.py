"""On-site supervision: the city office draws the year's round of filed sessions (seed 000 二.5),
its inspector records a finding at the one already held, and the office sanctions the host for
it; the next session's visit waits for the inspector."""

from decimal import Decimal

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
    with at(day(-10)):
        draw = inspection_draw(
            by=wz, office=city, year=day(-10).year, rate=Decimal("1"), seed="demo"
        )
        # Every filed on-site city session: the one already held is visited, the next waits.
        for drawn in draw.inspections.order_by("session__starts_at"):
            inspection_assign(by=wz, inspection=drawn, inspector=inspector)
        inspection = draw.inspections.filter(session__starts_at__lt=day(0)).first()
    with at(day(-5, 10)):
        inspection_record(
            by=inspector,
            inspection=inspection,
            findings="现场签到学员 32 人，与报备的拟招生人数不符；部分授课教师与报备名单不一致",
            violation=True,
        )
    with at(day(-4)):
        sanction_open(
            by=wz,
            inspection=inspection,
            kind="quota_cut",
            reason="现场督导发现授课教师与报备不一致，缩减下一年度申报名额 1 项",
            quota_cut=1,
        )
