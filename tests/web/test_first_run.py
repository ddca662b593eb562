"""The city sets the year's credit pack once, from a check-list on its workbench, choosing among
the packs of its own area by title; until then whoever would enter a credit is told who must
act."""

from jijiao.common import clock
from jijiao.credits.models import CreditYear
from jijiao.policy.access import pack_ids_for_area


def test_the_city_offers_only_the_packs_of_its_own_area(db):
    # 温州市 (330300): its city's packs, newest first — never 安阳 or 长沙.
    assert pack_ids_for_area("330300") == ["wenzhou-2025", "wenzhou-2023"]
    # A county without packs of its own is offered its city's.
    assert pack_ids_for_area("330302") == ["wenzhou-2025", "wenzhou-2023"]
    assert pack_ids_for_area("410500") == ["anyang-2022"]
    # The one already chosen stays selectable.
    assert pack_ids_for_area("330300", current="zhejiang-2023")[0] == "zhejiang-2023"


def test_the_city_sets_the_credit_year_from_its_workbench(client, wenzhou_office, pi_zhang):
    year = clock.today().year
    client.force_login(pi_zhang)
    page = client.get("/credits/").content.decode()
    assert f"{year} 年度的学分暂不能录入：须由温州市继教办先设置该年度的学分政策包" in page

    client.force_login(wenzhou_office)
    page = client.get("/").content.decode()
    assert "首次使用清单" in page
    assert f"设置 {year} 年度的学分政策包" in page
    assert '<option value="wenzhou-2025">温州市2025年市级继续医学教育培训项目申报</option>' in page
    assert "anyang-2022" not in page

    response = client.post(
        "/credits/years/",
        {"year": year, "policy_id": "wenzhou-2025", "next": "/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/"
    page = response.content.decode()
    assert f"已设置 {year} 年度的学分政策包：温州市2025年市级继续医学教育培训项目申报。" in page
    assert CreditYear.objects.get(year=year).policy_id == "wenzhou-2025"

    client.force_login(pi_zhang)
    assert "暂不能录入" not in client.get("/credits/").content.decode()
