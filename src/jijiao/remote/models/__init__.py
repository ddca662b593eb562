from jijiao.remote.models.completions import CompletionList, CompletionRow
from jijiao.remote.models.courses import Course, CourseVideo, ExamQuestion
from jijiao.remote.models.progress import (
    Enrolment,
    ExamAttempt,
    Heartbeat,
    PresenceCheck,
    VideoProgress,
)
from jijiao.remote.models.providers import Provider, ProviderDocument

__all__ = [
    "CompletionList",
    "CompletionRow",
    "Course",
    "CourseVideo",
    "Enrolment",
    "ExamAttempt",
    "ExamQuestion",
    "Heartbeat",
    "PresenceCheck",
    "Provider",
    "ProviderDocument",
    "VideoProgress",
]
