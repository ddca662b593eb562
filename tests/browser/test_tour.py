"""Issue 23 in Debian Chromium: the README's tour of the demo, walked row by row — each row's
page opens for its login (the links followed by their names) and shows what the row quotes; a
download row fetches its file."""

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from jijiao.common import clock
from jijiao.demo import DEMO_PASSWORD
from tests.browser.conftest import login
from tests.test_tour_table import tour_rows


def follow(page: Page, base: str, spec: str) -> bytes | None:
    """Open the row's path and follow its links; the bytes of a ``⇩`` download, else None."""
    path, *steps = [part.strip() for part in spec.split("→")]
    path = path.strip("`").replace("{last_year}", str(clock.today().year - 1))
    page.goto(base + path)
    main = page.locator("main")
    for step in steps:
        if step.startswith("⇩"):
            link = main.get_by_role("link", name=step[1:].strip()).first
            response = page.request.get(base + link.get_attribute("href"))
            assert response.ok, f"{spec}: HTTP {response.status}"
            return response.body()
        if "»" in step:
            text, name = (part.strip() for part in step.split("»"))
            row = main.get_by_role("row").filter(has_text=text).first
            link = (
                row.get_by_role("link").first
                if name == "…"
                else row.get_by_role("link", name=name).first
            )
        else:
            link = main.get_by_role("link", name=step).first
        link.click()
        page.wait_for_load_state()
    return None


def test_every_row_of_the_tour_opens_for_its_login_and_shows_what_it_says(
    demo_world, live_server, new_page
):
    pages: dict[str, Page] = {}
    problems = []
    rows = tour_rows()
    assert len(rows) >= 38
    for row in rows:
        for username in row["logins"]:
            if username not in pages:
                pages[username] = new_page()
                login(pages[username], live_server, username, DEMO_PASSWORD)
            page = pages[username]
            try:
                download = follow(page, live_server.url, row["page"])
                if download is not None:
                    assert row["shows"] == ["PDF"] and download.startswith(b"%PDF-")
                    continue
                for text in row["shows"]:
                    expect(page.locator("main")).to_contain_text(text, timeout=10_000)
            except (AssertionError, PlaywrightError) as error:
                first_line = str(error).splitlines()[0] if str(error) else repr(error)
                problems.append(f"{row['feature']}（{username}，{row['page']}）：{first_line}")
    assert not problems, "\n".join(problems)
