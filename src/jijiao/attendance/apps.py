from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "jijiao.attendance"
    label = "attendance"
    verbose_name = "报名与考勤"
