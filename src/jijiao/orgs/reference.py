"""Loading the reference data shipped in ``orgs/data`` (copied from ``shared/data`` and seed 001
附件5): divisions, the 2022 discipline catalogue, the provincial committees directory."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DISCIPLINE_FILES = {2022: "disciplines-2022.csv"}
COMMITTEE_SUFFIX = "继续医学教育委员会"


def read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(apps=None) -> None:
    """Insert or update the reference rows; safe to run again (migrations and ``jijiao demo``)."""
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    division_model = apps.get_model("orgs", "Division")
    discipline_model = apps.get_model("orgs", "Discipline")
    committee_model = apps.get_model("orgs", "Committee")

    rows = read_csv("divisions.csv")
    for row in rows:
        division_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "level": row["level"]}
        )
    for row in rows:
        parent = row["parent_or_note"]
        if row["level"] != "province" and parent:
            division_model.objects.filter(code=row["code"]).update(parent_id=parent)

    for year, filename in DISCIPLINE_FILES.items():
        for row in read_csv(filename):
            discipline_model.objects.update_or_create(
                year=year,
                code=row["code"],
                defaults={
                    "secondary_code": row["secondary_code"],
                    "secondary_name": row["secondary_name"],
                    "tertiary_name": row["tertiary_name"],
                },
            )

    provinces = {d.name: d for d in division_model.objects.filter(level="province")}
    committee_model.objects.update_or_create(
        level="national",
        position=0,
        defaults={"region": "全国", "name": "全国继续医学教育委员会"},
    )
    for position, row in enumerate(read_csv("committees-2024.csv"), start=1):
        region = row["name"].removesuffix(COMMITTEE_SUFFIX)
        committee_model.objects.update_or_create(
            level="province",
            position=position,
            defaults={
                "region": region,
                "division": provinces.get(region),
                "name": row["name"],
                "postcode": row["postcode"],
                "address": row["address"],
                "phone": row["phone"],
                "fax": row["fax"],
            },
        )


def disciplines_by_code(year: int = 2022) -> dict[str, str]:
    return {
        r["code"]: f"{r['secondary_name']}/{r['tertiary_name']}"
        for r in read_csv(DISCIPLINE_FILES[year])
    }
