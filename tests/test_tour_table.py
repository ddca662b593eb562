"""The README's tour of the demo has a row for every feature issue 23 lists (the demo world's
parts, the precheck, the policy pages and the three administrators) and for the pack editor, the
inbox and the background jobs, each with a login, a page and what it shows."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"

# Issue 23's list, each as words the row's feature column must contain.
FEATURES = [
    "city office and two county offices",
    "hospitals at three levels",
    "departments",
    "200 people with valid synthetic ID numbers",
    "credit year's pack",
    "a call with applications at every step",
    "decided",
    "under review",
    "recommended",
    "returned",
    "published",
    "imported national and provincial lists",
    "sessions filed",
    "sign-ins and sign-outs",
    "watch log",
    "questionnaires",
    "automatic score with its per-item facts",
    "a ranking",
    "granted credits with certificates",
    "in-unit credits",
    "remote credits",
    "personal credits at every approval step",
    "comply, with a printable annual proof",
    "exempt",
    "fall short",
    "an inspection with a finding",
    "its sanction",
    "promotion case at the unit step",
    "promotion case at the county step",
    "promotion case at the city step",
    "remote provider with a filed course",
    "completion list",
    "waiting for each demo login",
    "precheck",
    "policy pages",
    "system administrator",
    "security administrator",
    "audit administrator",
    # What later issues built, found by a person (the project's definition of done):
    "a pack's editor",  # issue 21
    "the inbox",  # issue 25
    "background jobs",  # issue 14
]


def tour_rows(text: str | None = None) -> list[dict]:
    """The rows of the README's tour table: feature, logins, page, what it shows."""
    text = README.read_text(encoding="utf-8") if text is None else text
    section = text.split("## Tour of the demo", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("feature", "---"):
            continue
        feature, logins, page, shows = cells
        rows.append(
            {
                "feature": feature,
                "logins": re.findall(r"`([a-z0-9_]+)`", logins),
                "page": page,
                "shows": re.findall(r"「(.+?)」", shows),
            }
        )
    return rows


def test_the_tour_has_a_row_for_every_feature_of_the_issue():
    features = [row["feature"] for row in tour_rows()]
    missing = [f for f in FEATURES if not any(f in feature for feature in features)]
    assert missing == []


def test_every_row_names_a_login_a_page_and_what_to_see():
    for row in tour_rows():
        assert row["logins"], row
        assert re.match(r"`/[^`]*`", row["page"]), row
        assert row["shows"], row
