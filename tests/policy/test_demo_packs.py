"""The demo world shows values by unit category: the hospitals have a category each and an
office pack gives a different annual minimum for each, shown as a table on its page."""

import pytest

from jijiao.demo import load_demo
from jijiao.orgs.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_has_unit_categories_and_a_pack_that_selects_on_them(client):
    load_demo(minimal=True)
    categories = dict(Unit.objects.filter(kind="hospital").values_list("name", "category"))
    assert categories == {
        "温州市第一人民医院": "city_centre",
        "鹿城区人民医院": "suburban",
        "瑞安市人民医院": "county",
        "鹿城区南郊社区卫生服务中心": "suburban",
        "瑞安市塘下镇中心卫生院": "township",
    }
    from jijiao.orgs.models import Account

    client.force_login(Account.objects.get(username="wz_office"))
    page = client.get("/policy/wenzhou-demo-categories/").content.decode()
    assert "按条件取值" in page
    assert "<td>县（市）</td><td>20</td>" in page
    assert '<td colspan="1">其他（默认）</td><td>25</td>' in page
