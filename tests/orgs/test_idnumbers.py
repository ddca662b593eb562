import datetime as dt
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jijiao.common import idnumbers
from jijiao.orgs.synthetic import synthetic_id_number

regions = st.sampled_from(["330302", "330381", "430102", "410502", "110101"])
births = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2010, 12, 31))


@given(region=regions, birth=births, sequence=st.integers(0, 499), female=st.booleans())
def test_every_generated_number_validates_and_yields_its_birth_date_and_sex(
    region, birth, sequence, female
):
    number = synthetic_id_number(region, birth, sequence, female=female)
    facts = idnumbers.parse(number)
    assert facts.birth_date == birth
    assert facts.sex == ("F" if female else "M")


@given(region=regions, birth=births, sequence=st.integers(0, 499), position=st.integers(0, 16))
def test_changing_any_one_digit_breaks_the_check_digit(region, birth, sequence, position):
    number = synthetic_id_number(region, birth, sequence, female=False)
    digit = int(number[position])
    changed = number[:position] + str((digit + 1) % 10) + number[position + 1 :]
    assert not idnumbers.is_valid(changed)


def test_known_number_with_x_check_character():
    # 11010519491231002X is the textbook GB 11643 example.
    facts = idnumbers.parse("11010519491231002x")
    assert facts.number == "11010519491231002X"
    assert facts.birth_date == dt.date(1949, 12, 31)
    assert facts.sex == "F"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("33030219800101123", "身份证号应为 18 位，实际为 17 位"),
        ("33030219801301123X", "身份证号中的出生日期无效"),
        ("3303021980010112A4", "身份证号前 17 位应为数字，最后一位为数字或 X"),
        ("wrong-check", "身份证号校验位不正确，请核对"),
    ],
)
def test_invalid_numbers_are_refused_with_a_message_saying_what_is_wrong(raw, message):
    if raw == "wrong-check":
        valid = synthetic_id_number("330302", dt.date(1980, 1, 1), 12, female=False)
        raw = valid[:17] + ("1" if valid[17] != "1" else "2")
    with pytest.raises(idnumbers.InvalidIdNumber) as caught:
        idnumbers.parse(raw)
    assert str(caught.value) == message


def test_mask_keeps_region_and_last_four():
    assert idnumbers.mask("330302199001011234") == "330302********1234"


def test_encryption_round_trip_and_fresh_nonce(settings):
    number = synthetic_id_number("330302", dt.date(1975, 3, 9), 7, female=True)
    first, second = idnumbers.encrypt(number), idnumbers.encrypt(number)
    assert first != second
    assert number not in first
    assert idnumbers.decrypt(first) == number == idnumbers.decrypt(second)


def test_lookup_hash_is_stable_and_keyed(settings):
    number = synthetic_id_number("330302", dt.date(1975, 3, 9), 7, female=True)
    before = idnumbers.lookup_hash(number)
    assert idnumbers.lookup_hash(number.lower()) == before
    settings.ID_LOOKUP_KEY = "another-key"
    assert idnumbers.lookup_hash(number) != before


def test_free_text_is_masked_before_logging(caplog):
    number = synthetic_id_number("330302", dt.date(1975, 3, 9), 7, female=True)
    logger = logging.getLogger("jijiao.test")
    handler_filter = idnumbers.MaskIdNumbersFilter()
    record = logger.makeRecord("jijiao.test", logging.INFO, __file__, 1, "查询 %s", (number,), None)
    handler_filter.filter(record)
    assert number not in record.getMessage()
    assert idnumbers.mask(number) in record.getMessage()


def test_an_error_report_traceback_is_masked_too():
    number = synthetic_id_number("330302", dt.date(1975, 3, 9), 7, female=True)
    logger = logging.getLogger("jijiao.test")
    try:
        raise ValueError(f"无法处理 {number}")
    except ValueError:
        import sys

        record = logger.makeRecord(
            "jijiao.test", logging.ERROR, __file__, 1, "出错", (), sys.exc_info()
        )
    idnumbers.MaskIdNumbersFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert "ValueError: 无法处理 330302********" in formatted
    assert number not in formatted


def test_an_access_log_line_is_masked_also_when_the_number_is_spread_out():
    from jijiao.web.serverlog import mask_url_text

    number = synthetic_id_number("330302", dt.date(1975, 3, 9), 7, female=True)
    spread = f"{number[:6]}%20{number[6:14]}+{number[14:]}"
    line = f'"GET /people/?q={spread}&department=3 HTTP/1.1" 200'
    masked = mask_url_text(line)
    assert masked == f'"GET /people/?q={idnumbers.mask(number)}&department=3 HTTP/1.1" 200'
    assert mask_url_text('"GET /people/?q=张三 HTTP/1.1"') == '"GET /people/?q=张三 HTTP/1.1"'
