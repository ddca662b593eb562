from jijiao.credits.models.certificates import Certificate
from jijiao.credits.models.ledger import STAGE_LABELS, ApprovalStep, Evidence, LedgerEntry
from jijiao.credits.models.years import (
    AnnualFacts,
    ComplianceConfirmation,
    CreditYear,
    VoidDecision,
)

__all__ = [
    "STAGE_LABELS",
    "AnnualFacts",
    "ApprovalStep",
    "Certificate",
    "ComplianceConfirmation",
    "CreditYear",
    "Evidence",
    "LedgerEntry",
    "VoidDecision",
]
