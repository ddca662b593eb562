"""The promotion audit (晋升学分审核, seed 002): the city's campaign of this year with its intake
schedule, and a case at each step of the unit → county → city chain — one still at its unit
(鹿城区人民医院, to submit), one at 鹿城区卫健局, one of 瑞安市人民医院 at the city, and one of
温州市第一人民医院 (directly under the city) passed. The candidates' five years of credits
come with last year's ledger import (``credits``)."""

from jijiao.audits.domain.campaigns import SlotSpec, campaign_open
from jijiao.audits.domain.cases import case_create
from jijiao.audits.domain.decisions import case_approve, case_receive, case_submit
from jijiao.demo.clockwork import at, day
from jijiao.demo.world import MARK, account, hospital, office
from jijiao.orgs.models import Person

HOURS = "上午8:30-11:30，下午14:00-17:00"
PLACE = "温州市鹿城区百里东路“百榕大厦”11栋三至四单元2楼202大会议室"


def candidates() -> list[Person]:
    """One 中级 physician of 温州市第一人民医院 and 瑞安市人民医院, two of 鹿城区人民医院."""
    found = []
    for index, count in ((0, 1), (1, 2), (2, 1)):
        people = hospital(index).people.filter(title_level="中级").order_by("id")
        found += list(people[:count])
    return found


def load_audits() -> None:
    wz, city = account("wz_office"), office(0)
    year = day(0).year
    first, second = (day(-7).date(), day(3).date()), (day(4).date(), day(14).date())
    with at(day(-20)):
        campaign = campaign_open(
            by=wz,
            office=city,
            year=year,
            title=f"{year}年温州市卫技人员（晋升高级职称）继续医学教育学分审核{MARK}",
            policy_id="wenzhou-2023",
            place=PLACE,
            slots=[
                SlotSpec(*first, HOURS, city_direct=True, district_codes=("330302", "330304")),
                SlotSpec(*second, HOURS, district_codes=("330381",)),
            ],
        )
    passed, at_unit, at_county, at_city = candidates()
    h1, h2, h3 = (account(f"h{i}_admin") for i in (1, 2, 3))
    with at(day(-6)):
        cases = {
            "passed": case_create(by=h1, campaign=campaign, person=passed),
            "unit": case_create(by=h2, campaign=campaign, person=at_unit),
            "county": case_create(by=h2, campaign=campaign, person=at_county),
            "city": case_create(by=h3, campaign=campaign, person=at_city),
        }
    with at(day(-5)):
        case_submit(by=h1, case=cases["passed"], opinion="经本单位审核，学分符合要求，同意上报")
        case_submit(by=h2, case=cases["county"], opinion="经本单位审核，同意上报")
        case_submit(by=h3, case=cases["city"], opinion="经本单位审核，同意上报")
    with at(day(-3)):
        case_approve(by=account("ra_office"), case=cases["city"], opinion="经审核，同意")
        case_receive(by=wz, case=cases["passed"])
        case_approve(by=wz, case=cases["passed"], opinion="学分审核合格")
