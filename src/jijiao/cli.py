"""The ``jijiao`` console command.

``jijiao serve [--port N]``  gunicorn on 127.0.0.1 (production-grade WSGI server);
                              ``--with-worker``: a Celery worker beside it when Redis answers
``jijiao worker``             the Celery worker (``--beat``: with the scheduler inside)
``jijiao beat``               the Celery beat scheduler
``jijiao demo [--minimal]``    load the demo data (idempotent; --minimal: accounts only)
``jijiao migrate``            apply database migrations
``jijiao manage ARGS…``       any Django management command
Further subcommands (precheck, imports, exports) register in ``SUBCOMMANDS``.
"""

import argparse
import os
import sys
from collections.abc import Callable

SubcommandSetup = Callable[[argparse.ArgumentParser], None]


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijiao.settings")
    import django

    django.setup()


# Commands that change the schema connect as the owner role (JIJIAO_DATABASE_OWNER_URL) when one
# is configured; the application itself connects as a role that owns nothing.
OWNER_COMMANDS = {"migrate"}


def _as_owner() -> None:
    owner_url = os.environ.get("JIJIAO_DATABASE_OWNER_URL")
    if owner_url:
        os.environ["JIJIAO_DATABASE_URL"] = owner_url


def cmd_migrate(args: argparse.Namespace) -> int:
    _as_owner()
    _django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _django_setup()
    from jijiao.demo import load_demo

    logins = load_demo(minimal=args.minimal)
    for name in logins.refused:
        print(f"未载入：{name}（原因见日志；再次运行 jijiao demo 时重试）")
    print(f"演示数据已载入。演示账号（密码均为 {logins.password}）：")
    for username, description in logins.accounts:
        print(f"  {username:<18} {description}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijiao.settings")
    if args.with_worker:
        from jijiao.launcher import background_plan, start_worker

        plan = background_plan(os.environ)
        print(plan.message, flush=True)
        if plan.worker:
            os.environ["JIJIAO_REDIS_URL"] = plan.redis_url
            start_worker(plan.redis_url)
    _django_setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from gunicorn.app.wsgiapp import run

    print(f"继教 已启动: http://{args.host}:{args.port}/")
    sys.argv = [
        "gunicorn",
        "jijiao.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        # The access and error logs through the ID-number mask (gunicorn's own handlers, not
        # Django's LOGGING): a search by full ID number leaves only the masked number.
        "--logger-class",
        "jijiao.web.serverlog.MaskingLogger",
    ]
    run()
    return 0


NO_BROKER = (
    "没有可连接的 Redis（JIJIAO_REDIS_URL 未设置或没有应答），不启动后台任务进程；"
    "开发环境下任务在网站进程内直接执行。"
)


def _celery_app():
    """The configured Celery app, or None (a message printed) when tasks run eagerly."""
    _django_setup()
    from django.conf import settings

    if settings.JOBS_EAGER:
        print(NO_BROKER, file=sys.stderr)
        return None
    from jijiao.celery import app

    return app


def cmd_worker(args: argparse.Namespace) -> int:
    app = _celery_app()
    if app is None:
        return 2
    argv = ["worker", f"--loglevel={args.loglevel}", f"--concurrency={args.concurrency}"]
    if args.pool:
        argv.append(f"--pool={args.pool}")
    if args.beat:
        argv.append("--beat")
    app.worker_main(argv)
    return 0


def cmd_beat(args: argparse.Namespace) -> int:
    app = _celery_app()
    if app is None:
        return 2
    app.start(["beat", f"--loglevel={args.loglevel}"])
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijiao.settings")
    if args.rest and args.rest[0] in OWNER_COMMANDS:
        _as_owner()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jijiao manage", *args.rest])
    return 0


def _setup_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--with-worker",
        action="store_true",
        help="Redis 有应答时同时启动后台任务进程；否则任务在网站进程内执行",
    )
    parser.set_defaults(func=cmd_serve)


def _setup_worker(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--pool", choices=["prefork", "solo", "threads"], default=None)
    parser.add_argument("--beat", action="store_true", help="同时运行定时任务调度")
    parser.add_argument("--loglevel", default="INFO")
    parser.set_defaults(func=cmd_worker)


def _setup_beat(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--loglevel", default="INFO")
    parser.set_defaults(func=cmd_beat)


def _setup_migrate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.set_defaults(func=cmd_migrate)


def _setup_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--minimal",
        action="store_true",
        help="只载入机构、人员、账号、政策包和申报通知（供只需账号的测试使用）",
    )
    parser.set_defaults(func=cmd_demo)


def _setup_manage(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    parser.set_defaults(func=cmd_manage)


SUBCOMMANDS: dict[str, tuple[str, SubcommandSetup]] = {
    "serve": ("启动网站 (gunicorn)", _setup_serve),
    "worker": ("启动后台任务进程 (Celery worker)", _setup_worker),
    "beat": ("启动定时任务调度 (Celery beat)", _setup_beat),
    "migrate": ("数据库迁移", _setup_migrate),
    "demo": ("载入演示数据", _setup_demo),
    "manage": ("Django 管理命令", _setup_manage),
}


def _office_resolver():
    """Office-authored packs, from the database: Django is set up only when asked."""
    _django_setup()
    from jijiao.policy.access import resolver

    return resolver


def _register_optional() -> None:
    """Subcommands of other areas register themselves here, without importing Django."""
    from jijiao.engine import cli as policy_cli

    SUBCOMMANDS.update(policy_cli.SUBCOMMANDS)
    policy_cli.office_resolver = _office_resolver


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jijiao", description="继教 命令行")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, setup) in SUBCOMMANDS.items():
        setup(sub.add_parser(name, help=help_text))
    return parser


def _anchor_pinned_clock() -> None:
    """``JIJIAO_NOW`` alone: anchor it at this moment for this process and all it starts
    (gunicorn workers, Celery), so they read the same pinned clock (common/clock.py)."""
    if os.environ.get("JIJIAO_NOW") and not os.environ.get("JIJIAO_NOW_SINCE"):
        import datetime as dt

        since = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        os.environ["JIJIAO_NOW_SINCE"] = since
        print(
            f"时钟固定：JIJIAO_NOW={os.environ['JIJIAO_NOW']} 自 JIJIAO_NOW_SINCE={since} 起走时"
            "（另行启动的进程请设置相同的 JIJIAO_NOW_SINCE）",
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    _anchor_pinned_clock()
    _register_optional()
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
