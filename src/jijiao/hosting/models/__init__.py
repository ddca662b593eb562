from jijiao.hosting.models.inspections import Inspection, InspectionDraw, InspectionPhoto
from jijiao.hosting.models.sanctions import Criticism, Sanction
from jijiao.hosting.models.sessions import Filing, Session, SessionChange

__all__ = [
    "Criticism",
    "Filing",
    "Inspection",
    "InspectionDraw",
    "InspectionPhoto",
    "Sanction",
    "Session",
    "SessionChange",
]
