"""What a person meets on every page they can reach, in the demo world (``jijiao demo``), on a
390×844 phone: every action link or button inside the screen, no page scrolling sideways, and
no English word in the visible text other than names, file names and codes in small print.
Each role's crawl starts at its workbench and follows its menu and the links on those pages
(see ``crawl.py``)."""

from jijiao.demo import DEMO_PASSWORD
from tests.browser.conftest import PHONE, login
from tests.browser.crawl import crawl

# One account of each role of the demo (the trainee, the PI and the unit admin first: the
# issue's done-when names them).
ROLES = [
    "trainee_li",
    "pi_zhang",
    "h1_admin",
    "dept_admin",
    "expert_lc",
    "lc_office",
    "wz_office",
    "sysadmin",
    "secadmin",
    "auditadmin",
]


def test_every_page_of_every_role_fits_a_phone_and_reads_in_chinese(
    demo_world, live_server, new_page
):
    problems = []
    crawled = {}
    for username in ROLES:
        page = new_page(**PHONE)
        login(page, live_server, username, DEMO_PASSWORD)
        findings = crawl(page, live_server.url, layout=True)
        page.context.close()
        crawled[username] = len(findings.pages)
        if findings.report():
            problems.append(f"== {username}\n{findings.report()}")
    # The crawl reached each role's pages (a login that failed would crawl one page).
    assert min(crawled.values()) >= 5, crawled
    assert not problems, "\n".join(problems)
