"""Background jobs: one record per run of a long task (imports, exports, batches), its progress,
its problems by row and its result file; the 我的任务 page."""
