"""Project vocabulary as Django choices, shared by the apps that store projects: the level of
a project and whether it is new or re-filed (备案). The values are the engine's
(``engine.rules.vocab`` ``Level`` and ``Track``); the common layer does not import the engine,
so they are spelled here."""

from django.db import models


class Level(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"


class Track(models.TextChoices):
    NEW = "new", "新申报"
    REFILING = "refiling", "备案"
