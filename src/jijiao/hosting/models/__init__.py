from jijiao.hosting.models.inspections import (
    Inspection,
    InspectionDraw,
    InspectionPhoto,
    Sanction,
)
from jijiao.hosting.models.sessions import Filing, Session, SessionChange

__all__ = [
    "Filing",
    "Inspection",
    "InspectionDraw",
    "InspectionPhoto",
    "Sanction",
    "Session",
    "SessionChange",
]
