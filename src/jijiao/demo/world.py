"""What the demo world is made of (names, places, titles) and how its steps find it again."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.orgs.models import Account, Person, Unit

DEMO_PASSWORD = "Demo@2025wz"
DEMO_PACK = "wenzhou-demo"
EARLIER_PACK = "wenzhou-demo-earlier"
DEMO_CATEGORY_PACK = "wenzhou-demo-categories"
MARK = "（演示）"
# Sample files the demo uploads (a scanned page, two photos, a lecture video's header).
FILES = Path(__file__).resolve().parent / "files"
SAMPLES = {"pdf": "document.pdf", "jpg": "photo.jpg", "png": "photo.png", "webm": "lecture.webm"}

CITY = "温州市继续医学教育委员会办公室"
OFFICES = [
    # name, division, level, username, display
    (CITY, "330300", "city", "wz_office", "温州市继教办"),
    ("鹿城区卫生健康局", "330302", "county", "lc_office", "鹿城区卫健局"),
    ("瑞安市卫生健康局", "330381", "county", "ra_office", "瑞安市卫健局"),
]

SURNAMES = "张王李赵陈刘杨黄吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = [
    *("伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超"),
    *("秀英", "建华", "海燕", "晓东", "丽华", "志强", "文博", "雨涵", "子轩", "思远"),
    *("佳怡", "俊杰", "欣怡", "浩然", "梦琪", "宇航", "若曦", "明轩"),
]
TITLES = [
    ("医师", "正高", "主任医师"),
    ("医师", "副高", "副主任医师"),
    ("医师", "中级", "主治医师"),
    ("医师", "初级", "住院医师"),
    ("护理", "副高", "副主任护师"),
    ("护理", "中级", "主管护师"),
    ("护理", "初级", "护师"),
    ("药师", "中级", "主管药师"),
    ("技师", "中级", "主管技师"),
]


@dataclass(frozen=True)
class Hospital:
    name: str
    division: str
    supervisor: str  # "city" or the county office's division
    grade: str
    category: str
    staff: int
    departments: list[tuple[str, str]]  # name, discipline code


HOSPITALS = [
    Hospital(
        "温州市第一人民医院",
        "330302",
        "city",
        "三级",
        Unit.Category.CITY_CENTRE,
        56,
        [("心血管内科", "03-01"), ("内分泌科", "03-06"), ("普外科", "04-01"), ("护理部", "19-01")],
    ),
    Hospital(
        "鹿城区人民医院",
        "330302",
        "330302",
        "二级",
        Unit.Category.SUBURBAN,
        40,
        [("全科医学科", "03-13"), ("儿科", "06-01"), ("护理部", "19-01")],
    ),
    Hospital(
        "瑞安市人民医院",
        "330381",
        "330381",
        "三级",
        Unit.Category.COUNTY,
        48,
        [("心血管内科", "03-01"), ("骨科", "04-05"), ("急诊科", "03-12"), ("护理部", "19-01")],
    ),
    Hospital(
        "鹿城区南郊社区卫生服务中心",
        "330302",
        "330302",
        "一级",
        Unit.Category.SUBURBAN,
        28,
        [("全科医学科", "17-01"), ("护理部", "14-01")],
    ),
    Hospital(
        "瑞安市塘下镇中心卫生院",
        "330381",
        "330381",
        "一级",
        Unit.Category.TOWNSHIP,
        28,
        [("全科医学科", "17-01"), ("康复医学科", "16-01"), ("护理部", "14-01")],
    ),
]
EXPERTS = [("expert_lc", 1), ("expert_ra", 2)]  # username, index in HOSPITALS


@dataclass
class DemoLogins:
    password: str = DEMO_PASSWORD
    accounts: list[tuple[str, str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # steps a rule refused this time


def account(username: str) -> Account:
    return Account.objects.get(username=username)


def office(index: int = 0) -> Unit:
    return Unit.objects.get(name=OFFICES[index][0])


def hospital(index: int) -> Unit:
    """The demo's hospital by its place in ``HOSPITALS`` (0 is 温州市第一人民医院)."""
    return Unit.objects.get(name=HOSPITALS[index].name)


def staff(index: int, **filters) -> list[Person]:
    """A hospital's people without an account, oldest rows first."""
    people = hospital(index).people.filter(account__isnull=True, **filters)
    return list(people.order_by("id"))


def sample_bytes(name: str) -> bytes:
    """The bytes of a sample file, by the suffix of ``name`` (材料.pdf → the scanned page)."""
    return (FILES / SAMPLES[name.rsplit(".", 1)[-1]]).read_bytes()


def sample(name: str) -> SimpleUploadedFile:
    """A sample file uploaded as ``name``."""
    return SimpleUploadedFile(name, sample_bytes(name))
