from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jijiao.common.backups import BackupError, backup


class Command(BaseCommand):
    help = "备份：数据库（pg_dump 自定义格式）与上传文件，连同各表行数清单"

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="备份存放目录（在其中新建一个子目录）")

    def handle(self, *args, destination, **options):
        try:
            folder = backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"已备份到 {folder}")
