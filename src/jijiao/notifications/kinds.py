"""The kinds of message: each can have its e-mail switched off by its recipient (the inbox
always gets it)."""

from django.db import models


class Kind(models.TextChoices):
    APPLICATION = "application", "申报审核结果（退回、推荐、批准、不批准）"
    PUBLICATION = "publication", "项目公布"
    FILING = "filing", "举办备案审核结果"
    REPORT = "report", "执行情况审核结果"
    CREDITS = "credits", "学分审核结果"
    CERTIFICATE = "certificate", "学分证书发放与作废"
    SANCTION = "sanction", "处理建议与处理决定"
    JOB = "job", "后台任务完成"
    ACCOUNT = "account", "账号开通"
    REMINDER = "reminder", "截止日期提醒"
