"""The trainees' evaluation (seed 001 附件2 学员对该项目评估意见).

Who answered and what was answered are kept apart: :class:`SurveyResponder` (one per person,
so nobody answers twice) and :class:`SurveyAnswer` (no person, no time, a random key so the
rows carry no order), so the results are anonymous by construction.
"""

import uuid

from django.db import models
from django.db.models import F, Q

from jijiao.hosting.models import Session
from jijiao.orgs.models import Account, Person


class Survey(models.Model):
    """The evaluation of one session, opened by the host to its attendees by link and QR."""

    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="survey")
    token = models.CharField("链接标识", max_length=32, unique=True)
    opened_at = models.DateTimeField("开放时间")
    opened_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "学员评估"

    def __str__(self) -> str:
        return f"{self.session} 学员评估"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SurveyResponder(models.Model):
    """That a person answered (never what)."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responders")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "评估提交记录"
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="survey_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} 已评估"


def _option(name: str, options: int) -> Q:
    return Q(**{f"{name}__gte": 0, f"{name}__lt": options})


class SurveyAnswer(models.Model):
    """One anonymous answer: the option index (0 = first, the best) of questions 1–6, and the
    two options of question 7 ("只许选二项"), smaller first."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="answers")
    q1 = models.PositiveSmallIntegerField()
    q2 = models.PositiveSmallIntegerField()
    q3 = models.PositiveSmallIntegerField()
    q4 = models.PositiveSmallIntegerField()
    q5 = models.PositiveSmallIntegerField()
    q6 = models.PositiveSmallIntegerField()
    q7a = models.PositiveSmallIntegerField()
    q7b = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "评估答卷"
        constraints = [
            models.CheckConstraint(
                condition=_option("q1", 3)
                & _option("q2", 3)
                & _option("q3", 3)
                & _option("q4", 3)
                & _option("q5", 3)
                & _option("q6", 3)
                & _option("q7a", 5)
                & _option("q7b", 5)
                & Q(q7a__lt=F("q7b")),
                name="survey_answer_options",
            )
        ]

    def __str__(self) -> str:
        return "评估答卷"
