"""Reference data: the packaged copies of shared/data, the discipline catalogue, divisions."""

import pytest

from jijiao.orgs.models import Committee, Discipline, Division
from jijiao.orgs.reference import DATA_DIR, disciplines_by_code


@pytest.mark.parametrize("name", ["divisions.csv", "disciplines-2022.csv"])
def test_the_packaged_copy_equals_shared_data_byte_for_byte(shared_dir, name):
    original = shared_dir / "data" / name
    if not original.exists():
        pytest.skip(f"{original} is not here (set JIJIAO_SHARED_DIR)")
    assert (DATA_DIR / name).read_bytes() == original.read_bytes()


def test_the_2022_catalogue_has_24_secondary_disciplines(db):
    secondary = set(
        Discipline.objects.filter(year=2022).values_list("secondary_code", "secondary_name")
    )
    assert len(secondary) == 24
    assert ("01", "基础形态") in secondary
    assert Discipline.objects.get(year=2022, code="01-01").tertiary_name == "组织胚胎学"
    assert disciplines_by_code()["01-02"] == "基础形态/解剖学"


def test_wenzhou_has_its_12_districts_and_counties(db):
    wenzhou = Division.objects.get(code="330300")
    assert (wenzhou.name, wenzhou.level, wenzhou.parent_id) == ("温州市", "city", "330000")
    assert list(wenzhou.children.values_list("name", flat=True)) == [
        "鹿城区",
        "龙湾区",
        "瓯海区",
        "洞头区",
        "永嘉县",
        "平阳县",
        "苍南县",
        "文成县",
        "泰顺县",
        "瑞安市",
        "乐清市",
        "龙港市",
    ]
    assert Division.objects.get(code="330381").province.name == "浙江省"


def test_31_provinces_and_the_xinjiang_corps_are_loaded(db):
    provinces = Division.objects.filter(level="province")
    assert provinces.count() == 32
    assert provinces.filter(name="新疆生产建设兵团").exists()


def test_the_32_provincial_committees_are_loaded_in_order(db):
    committees = list(Committee.objects.filter(level="province").order_by("position"))
    assert len(committees) == 32
    beijing = committees[0]
    assert (beijing.region, beijing.division.code, beijing.postcode) == (
        "北京市",
        "110000",
        "100053",
    )
