"""Text similarity for APP_DUPLICATE_CONTENT.

The measure is the Sørensen–Dice coefficient over character bigrams, counted as multisets:
``2·|A ∩ B| / (|A| + |B|)``, an exact fraction between 0 and 1; identical texts give 1. Character
bigrams suit Chinese, which has no spaces between words, and reward shared phrases ("规范化管理")
rather than shared single characters. Only letters and digits count (punctuation, spaces and case
are ignored). The name and the summary are split into bigrams separately, so no bigram straddles
the two fields; a text of a single character counts as that one character.
"""

from collections import Counter
from fractions import Fraction


def _normalise(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def bigrams(*texts: str | None) -> Counter[str]:
    """Character bigrams of each text, added together."""
    grams: Counter[str] = Counter()
    for text in texts:
        clean = _normalise(text or "")
        if len(clean) == 1:
            grams[clean] += 1
        grams.update(clean[i : i + 2] for i in range(len(clean) - 1))
    return grams


def dice(left: Counter[str], right: Counter[str]) -> Fraction | None:
    """Dice coefficient of two bigram multisets; ``None`` when both are empty."""
    size = sum(left.values()) + sum(right.values())
    if size == 0:
        return None
    return Fraction(2 * sum((left & right).values()), size)


def similarity(
    name_a: str | None, summary_a: str | None, name_b: str | None, summary_b: str | None
) -> Fraction | None:
    """Similarity of two applications (name + summary) on a 0–1 scale."""
    return dice(bigrams(name_a, summary_a), bigrams(name_b, summary_b))
