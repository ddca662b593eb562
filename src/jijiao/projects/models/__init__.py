from jijiao.projects.models.applications import (
    Application,
    ApplicationEvent,
    Attachment,
    CourseRow,
    Format,
    NumberSeries,
    PaperReceipt,
    ThemeKind,
    Track,
)
from jijiao.projects.models.calls import Call, Level
from jijiao.projects.models.plans import PlanRow, TrainingPlan
from jijiao.projects.models.publication import PublicationList, PublishedProject
from jijiao.projects.models.reviews import ReviewAssignment, ReviewCriterion, ReviewScore

__all__ = [
    "Application",
    "ApplicationEvent",
    "Attachment",
    "Call",
    "CourseRow",
    "Format",
    "Level",
    "NumberSeries",
    "PaperReceipt",
    "PlanRow",
    "PublicationList",
    "PublishedProject",
    "ReviewAssignment",
    "ReviewCriterion",
    "ReviewScore",
    "ThemeKind",
    "Track",
    "TrainingPlan",
]
