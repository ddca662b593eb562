"""The HTTP benchmark's baseline: plain Django answering a JsonResponse hello — no database,
no session, two light middlewares — served by the same gunicorn as the site."""

SECRET_KEY = "bench-hello-only"  # serves one fixed JSON answer on loopback
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.hello_urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
DATABASES: dict = {}
USE_TZ = True
