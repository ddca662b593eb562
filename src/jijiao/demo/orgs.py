"""Organisation requests waiting for the offices: two units applying for their admin accounts
(one licensed by 鹿城区, which its office forwards first — 第十五条), and a rename asked by
瑞安市塘下镇中心卫生院 (seed 003 附件3, 附件4)."""

import datetime as dt

from jijiao.demo.clockwork import at, day
from jijiao.demo.world import HOSPITALS, account, hospital
from jijiao.orgs.domain.units import (
    unit_account_application_forward,
    unit_account_application_submit,
    unit_rename_request,
)
from jijiao.orgs.models import Division, Unit
from jijiao.orgs.synthetic import synthetic_id_number

APPLICANTS = [
    # unit, division, licensed by the district, agent, sequence of the agent's ID number
    ("鹿城区五马街道社区卫生服务中心", "330302", True, "周丽华", 491),
    ("温州康宁医院", "330302", False, "郑晓东", 492),
    ("瓯海区人民医院", "330304", False, "谢文博", 493),
]


def load_orgs() -> None:
    forwarded = None
    with at(day(-8)):
        for n, (name, division, district, agent, sequence) in enumerate(APPLICANTS):
            application = unit_account_application_submit(
                unit_name=name,
                unit_kind=Unit.Kind.HOSPITAL,
                division=Division.objects.get(code=division),
                licence_number=f"PDY{47000000 + sequence}33030217{n}",
                licensed_by_district=district,
                legal_representative=agent,
                agent_name=agent,
                agent_phone=f"1380577{sequence:04d}",
                agent_id_number=synthetic_id_number(
                    division, dt.date(1980 + n, 3, 12), sequence, female=n % 2 == 0
                ),
            )
            if district:
                forwarded = application
    with at(day(-6)):
        unit_account_application_forward(by=account("lc_office"), application=forwarded)
    with at(day(-5)):
        unit_rename_request(
            by=account("h5_admin"),
            unit=hospital(4),
            new_name=HOSPITALS[4].name.replace("中心卫生院", "卫生院（医共体分院）"),
            reason="加入瑞安市人民医院医共体，按县卫健局批复更名",
        )
