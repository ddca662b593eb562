"""Execution (执行情况): the report of each session, the trainees' evaluation, the score."""

from jijiao.execution.models.oversight import Assessment, WorkReport
from jijiao.execution.models.reports import (
    ExecutionReport,
    ReportDecision,
    ReportFile,
    ReportTopic,
    Textbook,
)
from jijiao.execution.models.scores import ProjectScore, SessionScore
from jijiao.execution.models.surveys import Survey, SurveyAnswer, SurveyResponder

__all__ = [
    "Assessment",
    "ExecutionReport",
    "ProjectScore",
    "ReportDecision",
    "ReportFile",
    "ReportTopic",
    "SessionScore",
    "Survey",
    "SurveyAnswer",
    "SurveyResponder",
    "Textbook",
    "WorkReport",
]
