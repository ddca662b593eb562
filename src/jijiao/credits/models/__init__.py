from jijiao.credits.models.certificates import Certificate
from jijiao.credits.models.ledger import (
    REMOTE_SOURCE,
    STAGE_LABELS,
    ApprovalStep,
    Evidence,
    LedgerEntry,
    remote_source_id,
)
from jijiao.credits.models.summaries import ComplianceSummary
from jijiao.credits.models.voids import VoidDecision
from jijiao.credits.models.years import AnnualFacts, ComplianceConfirmation, CreditYear

__all__ = [
    "REMOTE_SOURCE",
    "STAGE_LABELS",
    "AnnualFacts",
    "ApprovalStep",
    "Certificate",
    "ComplianceConfirmation",
    "ComplianceSummary",
    "CreditYear",
    "Evidence",
    "LedgerEntry",
    "VoidDecision",
    "remote_source_id",
]
