"""Production settings refuse to start half-configured, naming what is missing (in Chinese)."""

import os
import subprocess
import sys

import pytest

COMPLETE = {
    "JIJIAO_SECRET_KEY": "a-long-random-production-secret-key-for-the-settings-test-0123456789",
    "JIJIAO_ALLOWED_HOSTS": "jijiao.example.org",
    "JIJIAO_DATABASE_URL": "postgres://jijiao@db.example.org:5432/jijiao",
    "JIJIAO_ID_ENCRYPTION_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "JIJIAO_ID_LOOKUP_KEY": "production-lookup-key",
    "JIJIAO_AUDIT_CHAIN_KEY": "production-audit-chain-key",
    # A Redis that answers (the tests' database number): production checks it at start-up.
    "JIJIAO_REDIS_URL": os.environ.get("JIJIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/9"),
}


def _import_settings(**variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(JIJIAO_ENV="production", **variables)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import jijiao.settings as s; "
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.ALLOWED_HOSTS)",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _error_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1]


def test_production_without_any_configuration_names_all_three_missing_variables():
    result = _import_settings()
    assert result.returncode == 1
    assert _error_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: 生产环境缺少必需的配置: "
        "JIJIAO_SECRET_KEY, JIJIAO_ALLOWED_HOSTS, JIJIAO_DATABASE_URL"
    )


@pytest.mark.parametrize(
    "missing", ["JIJIAO_SECRET_KEY", "JIJIAO_ALLOWED_HOSTS", "JIJIAO_DATABASE_URL"]
)
def test_production_names_the_one_missing_variable(missing):
    variables = {k: v for k, v in COMPLETE.items() if k != missing}
    result = _import_settings(**variables)
    assert result.returncode == 1
    assert _error_line(result).endswith(f"生产环境缺少必需的配置: {missing}")


def test_production_refuses_to_start_without_its_own_keys():
    variables = {k: v for k, v in COMPLETE.items() if "_KEY" not in k or "SECRET" in k}
    result = _import_settings(**variables)
    assert result.returncode == 1
    assert _error_line(result).endswith(
        "生产环境缺少必需的配置: JIJIAO_ID_ENCRYPTION_KEY, JIJIAO_ID_LOOKUP_KEY, "
        "JIJIAO_AUDIT_CHAIN_KEY"
    )


def test_production_refuses_the_public_development_keys():
    from jijiao import settings as dev

    result = _import_settings(
        **{
            **COMPLETE,
            "JIJIAO_ID_ENCRYPTION_KEY": dev.DEV_ID_ENCRYPTION_KEY,
            "JIJIAO_ID_LOOKUP_KEY": dev.DEV_ID_LOOKUP_KEY,
            "JIJIAO_AUDIT_CHAIN_KEY": dev.DEV_AUDIT_CHAIN_KEY,
        }
    )
    assert result.returncode == 1
    assert _error_line(result).endswith(
        "生产环境不能使用公开的开发密钥: JIJIAO_ID_ENCRYPTION_KEY, JIJIAO_ID_LOOKUP_KEY, "
        "JIJIAO_AUDIT_CHAIN_KEY（请生成新的随机密钥）"
    )


def test_production_starts_when_configured_with_secure_cookies_and_no_debug():
    result = _import_settings(**COMPLETE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True ['jijiao.example.org']"


def test_production_names_a_missing_redis_url():
    variables = {k: v for k, v in COMPLETE.items() if k != "JIJIAO_REDIS_URL"}
    result = _import_settings(**variables)
    assert result.returncode == 1
    assert _error_line(result).endswith("生产环境缺少必需的配置: JIJIAO_REDIS_URL")
