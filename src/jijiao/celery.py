"""The Celery application: Redis as broker and result store (``JIJIAO_REDIS_URL``).

Configured from the Django settings (the ``CELERY_*`` names, see ``settings.py``); tasks live in
each app's ``tasks.py`` and are found by autodiscovery. Without a reachable Redis in development
the settings turn on eager mode: ``delay()`` runs the task in the calling process.

``jijiao worker`` and ``jijiao beat`` start the worker and the scheduler (``cli.py``).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijiao.settings")

app = Celery("jijiao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
