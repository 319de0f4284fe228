"""Every page a demo user can reach by following links from their home page renders.

The crawler signs in as each demo persona, starts at the home page and follows every link on every
page it reaches (breadth first, to a bounded depth), so a 500 on any page, or a link that leads a
user to a page they may not see, fails the suite. Every HTML page is also checked for internal
wording.

Pages of one kind (the same path with the numbers taken out, and the same first query key) are
fetched up to PAGES_PER_KIND times per persona: the demo has hundreds of indicators, actions and
criteria, and rendering each persona's 700th indicator page finds nothing the first few did not,
while it took most of the suite's time. Every kind a persona can reach is still reached (the crawl
no longer runs out of pages before it gets there), and each persona's crawl is its own test.
"""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from vfmhub.accounts.models import User
from vfmhub.demo.generator import generate
from vfmhub.demo.personas import FIXED_ACCOUNTS
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.performance.definitions.loader import load_indicators

pytestmark = pytest.mark.django_db

MAX_DEPTH = 8
MAX_PAGES_PER_PERSONA = 1500
PAGES_PER_KIND = 5
# Downloads (PDF, XLSX, CSV) are built afresh each time and take longer than a page, so each kind of
# download is fetched a few times per persona rather than once per object.
DOWNLOADS_PER_KIND = 3
# Paths that are not pages of the service: signing out ends the crawl's session; Django's admin is
# its own tested application; the API docs is a client-side page of the API.
NOT_CRAWLED = ("/sign-out", "/accounts/logout", "/admin/", "/static/", "/api/")
# Words that belong to our source papers or our code, not to a user's screen.
INTERNAL_WORDING = [
    (re.compile(r"\bseed\s*\d", re.IGNORECASE), "a source paper's number"),
    (re.compile(r"\bKloes?\b"), "KLOE written as a word"),
    (re.compile(r"\b(\w{3,}) \1\b", re.IGNORECASE), "a word written twice"),
    (re.compile(r"^None$"), "Python's None"),
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


@dataclass
class Crawl:
    pages: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        return {_kind(page) for page in self.pages}


def _is_download(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith((".pdf", ".xlsx", ".csv", ".docx")) or "format=" in url


def _kind(url: str) -> str:
    parts = urlsplit(url)
    query = "?" + parts.query.split("=")[0] if parts.query else ""
    return re.sub(r"\d+", "N", parts.path) + query


def _links_on(url: str, html: str) -> tuple[list[str], list[str]]:
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        href = urldefrag(href).url
        if href.startswith("/") and not href.startswith("//"):
            links.append(href)
        elif href.startswith("?"):
            links.append(urlsplit(url).path + href)
    return links, parser.text


def _wording_problems(url: str, texts: list[str]) -> list[str]:
    """Internal wording in any one piece of text (words across two table cells are not a pair)."""
    found = []
    for pattern, why in INTERNAL_WORDING:
        for text in texts:
            text = re.sub(r"\s+", " ", text).strip()
            match = pattern.search(text)
            if match:
                start = max(match.start() - 40, 0)
                found.append(f"{url}: {why}: …{text[start : match.end() + 40]}…")
                break
    return found


def crawl(client: Client) -> Crawl:
    result = Crawl()
    queue: deque[tuple[str, int, str]] = deque([("/", 0, "(start)")])
    fetched: Counter[str] = Counter()
    while queue and len(result.pages) < MAX_PAGES_PER_PERSONA:
        url, depth, came_from = queue.popleft()
        if url in result.pages or url.startswith(NOT_CRAWLED):
            continue
        kind = _kind(url)
        if fetched[kind] >= (DOWNLOADS_PER_KIND if _is_download(url) else PAGES_PER_KIND):
            continue
        fetched[kind] += 1
        result.pages.add(url)
        try:
            response = client.get(url)
        except Exception as exc:  # every failure is reported together
            result.problems.append(f"{url} (linked from {came_from}): {type(exc).__name__}: {exc}")
            continue
        if response.status_code >= 400:
            result.problems.append(f"{url} (linked from {came_from}): {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        links, texts = _links_on(url, response.content.decode())
        result.problems += _wording_problems(url, texts)
        if depth < MAX_DEPTH:
            queue.extend((link, depth + 1, url) for link in links if link not in result.pages)
    return result


def _summary(problems: list[str], examples: int = 2) -> str:
    """The problems grouped by the kind of page and what was wrong, with a few examples of each."""
    groups: dict[str, list[str]] = {}
    for problem in problems:
        url, _, what = problem.partition(" ")
        what = re.sub(r"\d+", "N", what.split(":")[0])
        key = f"{_kind(url)} {what}"
        groups.setdefault(key, []).append(problem)
    lines = [f"{len(problems)} problems on {len(groups)} kinds of page:"]
    for key, group in sorted(groups.items()):
        lines.append(f"  {len(group)} × {key}")
        lines += [f"      {problem[:300]}" for problem in group[:examples]]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data, generated once for the module (and rolled back afterwards)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_frameworks()
            load_indicators()
            generate(scale="demo")
            yield
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def crawls(demo_site, django_db_blocker):
    """crawls(persona) -> that persona's crawl, made the first time a test asks for it."""
    done: dict[str, Crawl] = {}

    def crawl_as(key: str) -> Crawl:
        if key not in done:
            account = next(account for account in FIXED_ACCOUNTS if account.key == key)
            with django_db_blocker.unblock():
                client = Client(raise_request_exception=True)
                client.force_login(User.objects.get(email=account.email))
                done[key] = crawl(client)
        return done[key]

    return crawl_as


PERSONAS = [account.key for account in FIXED_ACCOUNTS]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_reachable_from_the_home_page_renders(crawls, persona):
    result = crawls(persona)

    assert not result.problems, _summary(result.problems)
    assert len(result.pages) > 20  # the crawl got past the home page


def test_the_crawl_covers_every_kind_of_page_and_a_thousand_distinct_pages(crawls):
    results = [crawls(persona) for persona in PERSONAS]
    distinct = set().union(*(result.pages for result in results))
    kinds = set().union(*(result.kinds for result in results))

    assert len(distinct) >= 1000, f"{len(distinct)} distinct pages"
    assert len(kinds) >= 280, f"{len(kinds)} kinds of page"
