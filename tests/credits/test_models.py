"""The ledger's shape: the covering index, category names, masked names."""

import pytest
from django.db import connection

from jijiao.credits.models import LedgerEntry
from jijiao.credits.vocab import category_label, mask_name


def test_person_year_index_covers_the_transcript_columns():
    index = next(i for i in LedgerEntry._meta.indexes if i.name == "ledger_person_year_cover")
    assert index.fields == ["person", "year"]
    assert set(index.include) >= {"credits", "credit_class", "status", "valid"}


@pytest.mark.django_db
def test_the_index_exists_in_the_database():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, LedgerEntry._meta.db_table)
    assert found["ledger_person_year_cover"]["columns"][:2] == ["person_id", "year"]


@pytest.mark.parametrize(
    ("credit_class", "level", "label"),
    [("I", "national", "Ⅰ类（国家级）"), ("I", "provincial", "Ⅰ类（省级）"), ("II", "city", "Ⅱ类")],
)
def test_category_label(credit_class, level, label):
    assert category_label(credit_class, level) == label


@pytest.mark.parametrize(
    ("name", "masked"), [("张建华", "张*华"), ("王丽", "王*"), ("欧阳明月", "欧**月"), ("李", "李")]
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked
