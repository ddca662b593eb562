from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jijiao.common.backups import BackupError, Target, restore


class Command(BaseCommand):
    help = "从备份恢复到一个数据库（--create 新建），解压上传文件，并核对各表行数"

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="jijiao manage backup 生成的目录")
        parser.add_argument(
            "--target-url",
            required=True,
            help="恢复到的数据库，如 postgres://jijiao_owner@db/jijiao_new",
        )
        parser.add_argument("--create", action="store_true", help="先新建该数据库")
        parser.add_argument("--media-root", type=Path, default=None, help="上传文件恢复到此目录")

    def handle(self, *args, backup, target_url, create, media_root, **options):
        try:
            report = restore(
                backup, target=Target.from_url(target_url), create=create, media_root=media_root
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"已恢复到数据库 {report.database}：{report.tables} 张表、{report.rows} 行，"
            f"{report.media_files} 个上传文件"
        )
        for table, (expected, restored) in report.fewer.items():
            self.stdout.write(f"  {table}：备份时 {expected} 行，恢复后 {restored} 行")
        if not report.ok:
            raise CommandError("恢复后的行数少于备份清单")
        self.stdout.write("各表行数与备份清单一致；请再运行 audit_verify 核对审计日志链")
