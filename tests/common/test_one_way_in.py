"""Files come in and go out one way: no module outside ``jijiao.common`` reads magic bytes,
opens a workbook or builds a ``Content-Disposition`` header."""

import re
from pathlib import Path

import jijiao

SOURCE = Path(jijiao.__file__).parent

# What a hand-rolled check looks like in source text.
FORBIDDEN = {
    "opens a workbook (use jijiao.common.sheets)": re.compile(r"\bload_workbook\b"),
    "builds Content-Disposition (use jijiao.common.downloads)": re.compile(
        r"Content-Disposition", re.IGNORECASE
    ),
    "checks magic bytes (use jijiao.common.uploads / filetypes)": re.compile(
        r"%PDF|\\x89PNG|\\xff\\xd8|PK\\x03\\x04|\bftyp\b|\\x1a\\x45\\xdf|\\xd0\\xcf\\x11|GIF8[79]a"
    ),
}


def offenders(root: Path = SOURCE) -> list[str]:
    """``path:line what`` for every forbidden line under ``root`` outside its ``common/``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if root / "common" in path.parents:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for what, pattern in FORBIDDEN.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(root.parent)}:{number} {what}")
    return found


def test_no_module_outside_common_sniffs_files_opens_workbooks_or_builds_dispositions():
    assert offenders() == []


def test_the_scan_names_an_offender(tmp_path):
    app = tmp_path / "jijiao" / "someapp"
    app.mkdir(parents=True)
    (tmp_path / "jijiao" / "common").mkdir()
    (tmp_path / "jijiao" / "common" / "ok.py").write_text('load_workbook("x")\n')
    (app / "views.py").write_text(
        'import x\nresponse["Content-Disposition"] = "attachment"\nif head[:5] == b"%PDF-":\n'
    )
    assert offenders(tmp_path / "jijiao") == [
        "jijiao/someapp/views.py:2 builds Content-Disposition (use jijiao.common.downloads)",
        "jijiao/someapp/views.py:3 checks magic bytes (use jijiao.common.uploads / filetypes)",
    ]
