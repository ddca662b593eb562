"""An attendance pack's ``cases`` over the attendee's own facts, on the host's eligibility list:
an online session of 1.5 days asks 240 minutes a day (360), 120 a day (180) where the case holds
for the attendee; both trainees watched 180 minutes. The facts come from the person's record and
unit (title series; the county office above the unit). The same cases through ``jijiao
precheck``: tests/engine/packs/test_selectors.py."""

import pytest
from django.urls import reverse

from jijiao.attendance.domain.watchlog import watchlog_import
from jijiao.attendance.facts import eligibility
from jijiao.hosting.models import Session
from jijiao.policy.domain.packs import pack_create
from tests.attendance.conftest import register
from tests.attendance.test_eligibility import watch_log

pytestmark = pytest.mark.django_db

PACK = """
id = "anyang-attendance-cases"
title = "安阳市线上学习时长按条件（测试）"
extends = "anyang-2022"

[attendance.ATT_ONLINE_DURATION]
cite = "测试 五"
minutes_per_day = 240

[[attendance.ATT_ONLINE_DURATION.cases]]
when = {{ {when} }}
minutes_per_day = 120
"""


@pytest.mark.parametrize(
    ("when", "shorter"),
    [
        ('"person.title_series" = "护理"', "孙燕"),  # a nurse of 瑞安市人民医院
        ('"unit.county_level" = true', "孙燕"),  # 瑞安市人民医院 is under 瑞安市卫健局
        ('"unit.category" = "city_centre"', "李明"),  # 温州市第一人民医院, as the office set it
    ],
)
def test_the_attendees_facts_choose_the_minutes_on_the_eligibility_list(
    client, hospital_admin, wenzhou_office, wenzhou_office_unit, online_session, trainee_li,
    trainee_sun, city_hospital, when, shorter,
):  # fmt: skip
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="anyang-attendance-cases",
        title="安阳市线上学习时长按条件（测试）",
        extends="anyang-2022",
        text=PACK.format(when=when),
    )
    Session.objects.filter(pk=online_session.pk).update(policy_id="anyang-attendance-cases")
    city_hospital.category = "city_centre"
    city_hospital.save(update_fields=["category"])
    for account in (trainee_li, trainee_sun):
        register(account, online_session)
    rows = [
        f"{a.person.reveal_id_number()},2025-06-01 08:00:00,2025-06-01 11:00:00"
        for a in (trainee_li, trainee_sun)
    ]
    watchlog_import(
        by=hospital_admin, session=online_session, name="直播.csv", content=watch_log(*rows)
    )
    client.force_login(hospital_admin)
    page = client.get(reverse("attendance:eligibility", args=[online_session.pk]))
    text = page.content.decode()
    assert '授予学分 <strong id="eligible-count">1</strong> 人' in text
    assert '不授予 <strong id="ineligible-count">1</strong> 人' in text
    listed = {r.person.name: (r.eligible, r.codes) for r in eligibility(online_session)["rows"]}
    longer = ({"李明", "孙燕"} - {shorter}).pop()
    assert listed == {shorter: (True, []), longer: (False, ["ATT_ONLINE_DURATION"])}
