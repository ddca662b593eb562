"""The engine stands alone: every module imports with Django made unimportable, so
``jijiao precheck`` starts without it and the rules can be read as plain Python."""

import pkgutil
import subprocess
import sys

import jijiao.engine


def engine_modules() -> list[str]:
    return [
        info.name for info in pkgutil.walk_packages(jijiao.engine.__path__, prefix="jijiao.engine.")
    ]


def test_every_engine_module_imports_without_django():
    modules = engine_modules()
    assert "jijiao.engine.rules.application" in modules
    assert "jijiao.engine.packs.loader" in modules
    script = (
        "import importlib, sys\n"
        "sys.modules['django'] = None\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.startswith('jijiao.')"
        " and not m.startswith('jijiao.engine'))\n"
        "assert leaked == [], leaked\n"
        "print('ok', len(sys.argv))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_a_module_that_needs_django_fails_in_the_same_subprocess():
    """The check above can fail: with Django blocked, a module that needs it does not import."""
    script = "import sys\nsys.modules['django'] = None\nimport jijiao.common.clock\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "django" in result.stderr
