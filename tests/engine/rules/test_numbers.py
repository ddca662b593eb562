from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from jijiao.engine.rules.numbers import (
    as_fraction,
    credits_down,
    exact_sum,
    fraction_text,
    half_up,
    json_credits,
    json_score,
    json_share,
    percent,
    ratio_text,
)


def test_floats_become_the_fraction_of_their_decimal_text():
    assert as_fraction(0.8) == Fraction(4, 5)
    assert as_fraction(2.5) == Fraction(5, 2)
    assert as_fraction("2/3") == Fraction(2, 3)


def test_computed_credits_round_down_to_a_tenth():
    assert credits_down(Fraction(13, 3)) == Fraction(43, 10)
    assert credits_down(Fraction(4)) == Fraction(4)
    assert credits_down(Fraction(199, 100)) == Fraction(19, 10)


def test_scores_round_half_up_to_two_decimals():
    assert half_up(Fraction(2345, 1000), 2) == Fraction(235, 100)
    assert half_up(Fraction(2344, 1000), 2) == Fraction(234, 100)
    assert json_score(Fraction(231, 3)) == 77.0
    assert json_score(Fraction(155, 2)) == 77.5


def test_shares_print_with_four_decimals_and_none_stays_none():
    assert json_share(Fraction(1, 3)) == 0.3333
    assert json_share(Fraction(2, 3)) == 0.6667
    assert json_share(None) is None


def test_sums_of_credits_print_with_one_decimal():
    assert json_credits(Fraction(26)) == 26.0
    assert json_credits(Fraction(5, 2)) == 2.5


def test_messages_show_shares_as_the_notices_write_them():
    assert ratio_text(Fraction(1, 5)) == "1/5"
    assert percent(Fraction(1, 10)) == "10%"
    assert percent(Fraction(2, 3)) == "66.67%"
    assert fraction_text(Fraction(5, 2)) == "2.5"


@given(st.fractions(min_value=0, max_value=1000))
def test_credits_down_never_exceeds_the_value_and_is_within_a_tenth(value):
    rounded = credits_down(value)
    assert rounded <= value < rounded + Fraction(1, 10)
    assert (rounded * 10).denominator == 1


@given(st.fractions(min_value=-1000, max_value=1000), st.integers(0, 4))
def test_half_up_is_within_half_a_unit_and_symmetric(value, places):
    rounded = half_up(value, places)
    unit = Fraction(1, 10**places)
    assert abs(rounded - value) <= unit / 2
    assert half_up(-value, places) == -rounded


@given(
    st.lists(
        st.one_of(
            st.integers(-1000, 1000).map(lambda n: Fraction(n, 10)),
            st.fractions(max_denominator=50),
            st.integers(-5, 5),
        ),
        max_size=12,
    )
)
def test_an_exact_sum_is_the_sum_of_the_fractions(values):
    total = exact_sum(values)
    assert total == sum(values, Fraction(0)) and isinstance(total, Fraction)
