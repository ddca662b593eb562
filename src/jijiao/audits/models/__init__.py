"""The promotion credit audit: campaigns with their intake schedule, and the cases."""

from .campaigns import STAGE_LABELS, Campaign, IntakeSlot, UnitIntake
from .cases import AuditCase, CaseDecision, EvidenceMark

__all__ = [
    "STAGE_LABELS",
    "AuditCase",
    "Campaign",
    "CaseDecision",
    "EvidenceMark",
    "IntakeSlot",
    "UnitIntake",
]
