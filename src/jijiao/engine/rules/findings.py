"""The finding: what one rule says about one subject."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Finding:
    """One rule failing on one subject (``project``, ``pi``, ``courses[2]``, a year, …)."""

    code: str
    severity: Severity
    message: str
    subject: str

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "subject": self.subject,
        }


def _subject_key(subject: str) -> tuple:
    # Natural order, so that courses[2] comes before courses[10].
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(subject))


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings ordered by code, then subject (contract.md "Output")."""
    return sorted(findings, key=lambda f: (f.code, _subject_key(f.subject)))


def has_errors(findings: Iterable[Finding]) -> bool:
    """``ok`` of the contract is the negation: no finding of severity ``error``."""
    return any(f.severity == "error" for f in findings)


def found(rule, subject: str, text: str, *, severity: Severity | None = None) -> Finding:
    """A finding of ``rule`` (a :class:`jijiao.engine.packs.Rule`) about ``subject``.

    The message is ``text`` followed by the rule's notice and clause; ``severity`` overrides the
    rule's own for rules with two outcomes (a late entry with or without its proof).
    """
    return Finding(rule.code, severity or rule.severity, rule.cited(text), subject)
