"""The progress review: golden files for the embedded ledger, and checks that can fail.

Golden files live in tests/data/golden/ and are rewritten only with ``UPDATE_GOLDENS=1``
(review the diff before committing: it is the printed review staff will hand over).
"""

from __future__ import annotations

import difflib
import os
import re
import time
from dataclasses import replace
from datetime import date

import pytest
from markupsafe import escape

from bucarest.core.errors import InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.ledger.data import load_embedded_ledger
from bucarest.ledger.domain.ledger import Ledger
from bucarest.ledger.domain.model import Topic, citation_text
from bucarest.ledger.domain.review import Review, build_review
from bucarest.ledger.domain.status import LedgerStatus
from bucarest.ledger.labels import STATUS_LABELS, TOPIC_LABELS
from bucarest.ledger.rendering import md_cell, urls_in
from bucarest.ledger.report import (
    REVIEW_STATUSES,
    ReportFormat,
    date_range,
    next_summit,
    render_review,
)
from tests.ledger.ledgers import CALENDAR, small_ledger, synthetic_ledger
from tests.paths import DATA, SRC

GOLDEN = DATA / "golden"
AS_OF = date(2009, 4, 3)
CASES = [(lang, fmt) for lang in ("en", "fr") for fmt in ReportFormat]


@pytest.fixture(scope="module")
def embedded() -> tuple[Ledger, Review]:
    ledger = load_embedded_ledger()
    return ledger, build_review(ledger, "bucharest-2008", AS_OF)


@pytest.fixture(scope="module")
def small() -> tuple[Ledger, Review]:
    ledger = small_ledger()
    return ledger, build_review(ledger, "bucharest-2008", AS_OF)


def html_summary(html: str) -> dict[str, int]:
    rows = re.findall(
        r'<tr class="st-(\w+)" data-status="\1"><th scope="row">.*?</th>'
        r'<td class="num count">(\d+)</td>',
        html,
    )
    return {s: int(n) for s, n in rows}


def md_summary(md: str) -> dict[str, int]:
    part = md.split("\n## ", 2)[1]
    return {
        label: int(n) for label, n in re.findall(r"^\| ([^|*]+?) \| (\d+) \| [^|]* \|$", part, re.M)
    }


# --- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "fmt"), CASES)
def test_review_matches_its_golden_file(
    embedded: tuple[Ledger, Review], lang: str, fmt: ReportFormat
) -> None:
    ledger, review = embedded
    text = render_review(review, ledger, lang, fmt)
    assert text == render_review(review, ledger, lang, fmt), "the review must be deterministic"
    path = GOLDEN / f"review-{AS_OF.isoformat()}.{lang}.{fmt.value}"
    if os.environ.get("UPDATE_GOLDENS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run the tests once with UPDATE_GOLDENS=1"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), str(path), "rendered", lineterm="", n=1
        )
        pytest.fail(
            f"{path.name} differs (UPDATE_GOLDENS=1 rewrites it):\n" + "\n".join(list(diff)[:60])
        )


# --- what the review must say ----------------------------------------------------------------


@pytest.mark.parametrize(("lang", "fmt"), CASES)
def test_summary_counts_add_up_to_the_commitments(
    embedded: tuple[Ledger, Review], lang: str, fmt: ReportFormat
) -> None:
    ledger, review = embedded
    text = render_review(review, ledger, lang, fmt)
    decided = [c for c in ledger.commitments if c.summit == "bucharest-2008" and c.created <= AS_OF]
    if fmt is ReportFormat.HTML:
        counts = html_summary(text)
        assert set(counts) == {s.value for s in REVIEW_STATUSES}
        assert sum(counts.values()) == len(decided) == len(review.rows)
        assert f'<td class="num total">{len(decided)}</td>' in text
        for s in REVIEW_STATUSES:
            assert counts[s.value] == review.counts[s]
            # each commitment is shown once, in its status
            assert text.count(f'<article class="commitment st-{s.value}"') == review.counts[s]
    else:
        counts = md_summary(text)
        labels = {md_cell(gettext(STATUS_LABELS[s], lang)): s for s in REVIEW_STATUSES}
        assert set(counts) == set(labels)
        assert sum(counts.values()) == len(decided)
        assert f"| **{gettext('Total', lang)}** | **{len(decided)}** |" in text
        assert {labels[k]: v for k, v in counts.items()} == {
            s: review.counts[s] for s in REVIEW_STATUSES
        }


@pytest.mark.parametrize(("lang", "fmt"), CASES)
def test_every_topic_with_commitments_has_a_section(
    embedded: tuple[Ledger, Review], lang: str, fmt: ReportFormat
) -> None:
    ledger, review = embedded
    text = render_review(review, ledger, lang, fmt)
    topics = {r.commitment.topic for r in review.rows}
    assert len(topics) >= 5
    for topic in Topic:
        label = gettext(TOPIC_LABELS[topic], lang)
        mine = [r for r in review.rows if r.commitment.topic is topic]
        if fmt is ReportFormat.HTML:
            has_section = f'<section class="part topic" id="topic-{topic.value}"' in text
            assert has_section == bool(mine), topic
            if mine:
                assert f'<h2 id="topic-{topic.value}-h">{escape(label)}</h2>' in text
                section = text.split(f'id="topic-{topic.value}"', 1)[1].split("</section>", 1)[0]
                assert section.count('<article class="commitment') == len(mine)
                for r in mine:
                    assert f'data-id="{r.commitment.id}"' in section
        else:
            assert (f"\n## {md_cell(label)}\n" in text) == bool(mine), topic
            for r in mine:
                assert f"\n### {md_cell(r.commitment.title(lang))}\n" in text


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_decisions_are_quoted_in_the_report_language(
    embedded: tuple[Ledger, Review], fmt: ReportFormat
) -> None:
    ledger, review = embedded
    for lang, other in (("en", "fr"), ("fr", "en")):
        text = render_review(review, ledger, lang, fmt)
        for r in review.rows:
            c = r.commitment
            mine, theirs = c.text(lang), c.text(other)
            shown = str(escape(mine)) if fmt is ReportFormat.HTML else md_cell(mine)
            assert shown in text, (lang, c.id)
            if theirs != mine and len(theirs) > 20:
                hidden = str(escape(theirs)) if fmt is ReportFormat.HTML else md_cell(theirs)
                assert hidden not in text, (lang, c.id)


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_french_report_has_french_labels(
    embedded: tuple[Ledger, Review], fmt: ReportFormat
) -> None:
    ledger, review = embedded
    fr = render_review(review, ledger, "fr", fmt)
    en = render_review(review, ledger, "en", fmt)
    present = [s for s in REVIEW_STATUSES if review.counts[s]]
    for s in present:
        label = gettext(STATUS_LABELS[s], "fr")
        assert label != STATUS_LABELS[s], f"status label '{STATUS_LABELS[s]}' has no French"
        assert (str(escape(label)) if fmt is ReportFormat.HTML else md_cell(label)) in fr
    for topic in {r.commitment.topic for r in review.rows}:
        assert (
            md_cell(gettext(TOPIC_LABELS[topic], "fr")) in fr
            or str(escape(gettext(TOPIC_LABELS[topic], "fr"))) in fr
        )
    for word in ("Progress review", "Summary", "Evidence", "Deadline"):
        assert gettext(word, "fr") != word, f"'{word}' has no French translation"
        assert gettext(word, "fr") in fr.replace("&#39;", "'")
        assert gettext(word, "fr") not in en
    assert "avril 2009" in fr and "April 2009" in en
    if fmt is ReportFormat.HTML:
        assert fr.startswith('<!doctype html>\n<html lang="fr">')


@pytest.mark.parametrize(("lang", "fmt"), CASES)
def test_evidence_list_holds_every_cited_url(
    embedded: tuple[Ledger, Review], lang: str, fmt: ReportFormat
) -> None:
    ledger, review = embedded
    text = render_review(review, ledger, lang, fmt)
    marker = '<section class="part" id="evidence"' if fmt is ReportFormat.HTML else "\n## "
    evidence = text.split(marker)[-1]
    cited: list[str] = []
    for r in review.rows:
        c = r.commitment
        cited += [citation_text(c.provenance)] if c.provenance else []
        cited += [e.evidence_in(lang) for e in c.history if e.on <= AS_OF]
        cited += [a.evidence_in(lang) for a in c.assessments if a.as_of <= AS_OF]
    cited += [citation_text(f.point.provenance) for _, series in review.forces for f in series
              if f.point and f.point.provenance]  # fmt: skip
    urls = {u for text_ in cited for u in urls_in(text_)}
    assert len(urls) >= 20
    for url in urls:
        if fmt is ReportFormat.HTML:
            assert f'<a href="{escape(url)}">' in evidence, url
        else:
            assert f"<{url}>" in evidence, url
    # numbered once per distinct piece of evidence, in order
    distinct = {e.strip() for e in cited}
    if fmt is ReportFormat.HTML:
        numbers = [int(n) for n in re.findall(r'<li id="ev-(\d+)" value="\1">', evidence)]
    else:
        numbers = [int(n) for n in re.findall(r"^(\d+)\. ", evidence, re.M)]
    assert numbers == list(range(1, len(distinct) + 1))
    # every reference in the body points at an entry of the list
    if fmt is ReportFormat.HTML:
        refs = {int(n) for n in re.findall(r'href="#ev-(\d+)"', text)}
        assert refs == set(numbers)


def test_html_review_is_self_contained_and_prints(embedded: tuple[Ledger, Review]) -> None:
    ledger, review = embedded
    html = render_review(review, ledger, "en", ReportFormat.HTML)
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "url(" not in html and "@import" not in html
    body = re.sub(r"<a [^>]*>.*?</a>", "", html.split('<section class="part" id="evidence"')[0])
    assert re.findall(r"https?://", body) == [], "addresses are links, never loaded"
    assert "@media print" in html and "size: A4" in html and "break-before: page" in html
    assert "nav, .no-print, .review-toolbar, script { display: none !important; }" in html
    assert html.count("<svg") == len(review.indicators) + len(review.forces)
    assert "<style>" in html and "</html>" in html.rstrip()[-7:]
    # the next summit from the calendar
    assert "Strasbourg/Kehl Summit" in html.split("</header>")[0]


def test_markdown_review_has_tables_not_charts(embedded: tuple[Ledger, Review]) -> None:
    ledger, review = embedded
    md = render_review(review, ledger, "en", ReportFormat.MARKDOWN)
    assert "<svg" not in md and "<div" not in md
    assert md.startswith("# Progress review: Bucharest Summit\n")
    for mission, series in review.forces:
        for f in series:
            if f.point is not None:
                assert f.on.isoformat() in md, mission
    # tables keep their shape: every row of a table has as many cells as its header
    for block in re.findall(r"(?:^\|.*\|\n)+", md, re.M):
        lines = block.strip().split("\n")
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in lines}
        assert len(widths) == 1, lines[:3]


def test_markdown_escapes_table_cells(small: tuple[Ledger, Review]) -> None:
    ledger, review = small
    md = render_review(review, ledger, "en", ReportFormat.MARKDOWN)
    assert r"| Title protocols-signed \| \*star\* \_under\_ | 1.00 | 100% |" in md
    assert "### Title ratify \\| \\*star\\* \\_under\\_" in md


def test_html_escapes_what_it_quotes(small: tuple[Ledger, Review]) -> None:
    ledger, _ = small
    first = replace(ledger.commitments[0], title_en="<b>bold</b> & co", text_en="x < y")
    ledger = replace(ledger, commitments=(first, *ledger.commitments[1:]))
    html = render_review(
        build_review(ledger, "bucharest-2008", AS_OF), ledger, "en", ReportFormat.HTML
    )
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html and "x &lt; y" in html


def test_review_content_of_a_small_ledger(small: tuple[Ledger, Review]) -> None:
    ledger, review = small
    html = render_review(review, ledger, "en", ReportFormat.HTML)
    counts = html_summary(html)
    assert counts["done_on_time"] == 2 and counts["done_late"] == 1
    assert counts["overdue"] == 1 and counts["due"] == 1
    assert "3–4 April 2009" in html and "Strasbourg/Kehl Summit" in html
    # the latest evidence of the signed protocols is the 9 July record, cited by number
    article = html.split('id="c-protocols-signed"', 1)[1].split("</article>", 1)[0]
    number = re.search(r"Latest evidence:</strong> <time[^>]*>2008-07-09</time>, done "
                       r'<a class="ref" href="#ev-(\d+)">', article)  # fmt: skip
    assert number is not None
    entry = html.split(f'<li id="ev-{number.group(1)}"', 1)[1].split("</li>", 1)[0]
    assert "p08-104e.html" in entry
    # the progress bar of the ratifications: 20 of 26 from 0 is 77%
    ratify = html.split('id="c-ratify"', 1)[1].split("</article>", 1)[0]
    assert 'style="width: 77%"' in ratify and "77%" in ratify
    # compliance percentages are (avg + 1) / 2
    assert '<td>Greece</td><td class="num">0.00</td><td class="num">50%</td>' in html
    assert "Overall compliance: <strong>88%</strong> (4 assessments)" in html
    # force levels: the chart marks the point in force on the review date
    assert html.count('class="bar current"') == 1
    assert 'data-on="2009-03-31" data-total="62000"' in html


def test_unknown_language_is_refused(small: tuple[Ledger, Review]) -> None:
    ledger, review = small
    with pytest.raises(InvalidInputError, match="expected one of en, fr"):
        render_review(review, ledger, "de", ReportFormat.HTML)


def test_next_summit_and_dates() -> None:
    assert next_summit(CALENDAR, "bucharest-2008", date(2009, 4, 3)).id == "strasbourg-kehl-2009"  # type: ignore[union-attr]
    assert next_summit(CALENDAR, "bucharest-2008", date(2009, 4, 5)) is None
    assert next_summit(CALENDAR, "bucharest-2008", date(2008, 4, 3)).id == "strasbourg-kehl-2009"  # type: ignore[union-attr]
    assert date_range(date(2009, 4, 3), date(2009, 4, 4), "fr") == "3–4 avril 2009"
    assert date_range(date(2009, 3, 31), date(2009, 4, 1), "en") == "31 March 2009 – 1 April 2009"
    assert date_range(date(2009, 4, 3), date(2009, 4, 3), "en") == "3 April 2009"


def test_markdown_template_uses_only_messages_of_the_html_template() -> None:
    """Extraction reads ``*.html`` templates; the Markdown one must add no message of its own."""
    folder = SRC / "ledger" / "templates" / "ledger"
    pattern = re.compile(r'_\("((?:[^"\\]|\\.)*)"\)')
    html = set(pattern.findall((folder / "review.html").read_text(encoding="utf-8")))
    md = set(pattern.findall((folder / "review.md").read_text(encoding="utf-8")))
    assert md <= html, md - html


# --- a large ledger --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_review_of_1000_synthetic_commitments(fmt: ReportFormat) -> None:
    ledger = synthetic_ledger(1000)
    review = build_review(ledger, "bucharest-2008", AS_OF)
    start = time.perf_counter()
    text = render_review(review, ledger, "fr", fmt)
    elapsed = time.perf_counter() - start
    print(f"render {fmt.value} of 1,000 commitments: {elapsed:.3f} s")  # noqa: T201
    assert len(review.rows) == 1000
    if fmt is ReportFormat.HTML:
        counts = html_summary(text)
        assert sum(counts.values()) == 1000
        assert text.count('<article class="commitment') == 1000
        assert text.count('class="chart-svg indicator-chart"') == len(review.indicators) > 200
        for s in LedgerStatus:
            if s is not LedgerStatus.NOT_YET_DECIDED:
                assert text.count(f'<article class="commitment st-{s.value}"') == counts[s.value]
    else:
        assert sum(md_summary(text).values()) == 1000
        # the commitments, and: by topic, ISAF, compliance by actor and by commitment
        assert text.count("\n### ") == 1000 + 4
    assert len({r.commitment.topic for r in review.rows}) == len(Topic)
