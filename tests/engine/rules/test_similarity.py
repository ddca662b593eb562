from fractions import Fraction

from jijiao.engine.rules.similarity import bigrams, dice, similarity


def test_identical_texts_have_similarity_one():
    assert similarity("基层慢病管理培训班", "高血压管理", "基层慢病管理培训班", "高血压管理") == 1


def test_unrelated_texts_have_similarity_zero():
    assert similarity("心血管介入", None, "儿科护理", None) == 0


def test_punctuation_spaces_and_case_are_ignored():
    assert similarity("CT 影像、诊断", None, "ct影像诊断", None) == 1


def test_similarity_is_the_bigram_dice_coefficient():
    # 基层慢病 → 基层 层慢 慢病; 基层慢性 → 基层 层慢 慢性: 2·2 / (3 + 3)
    assert dice(bigrams("基层慢病"), bigrams("基层慢性")) == Fraction(2, 3)


def test_no_bigram_straddles_name_and_summary():
    assert sum(bigrams("甲乙", "丙丁").values()) == 2


def test_two_empty_texts_cannot_be_compared():
    assert similarity("", None, None, "") is None
