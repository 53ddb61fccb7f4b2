"""The review from the web: linked from the dashboard and the commitment pages, rendered on
the page's date in its language, printable (a print button, no inline script) and
downloadable as Markdown; and no page or report of the ledger shows a working note."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app
from bucarest.core.provenance import working_note_in
from bucarest.ledger.data import load_embedded_ledger
from bucarest.ledger.domain.review import build_review
from bucarest.ledger.report import ReportFormat, render_review

AS_OF = "2009-04-03"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("ledger-review") / "t.sqlite3"
    with TestClient(create_app("sqlite:///" + str(path))) as c:
        yield c


def visible(html: str) -> str:
    """The text and link targets of a page, without its styles and scripts."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html) + " ".join(re.findall(r'href="([^"]+)"', html))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_dashboard_links_the_review_on_its_date_and_language(
    client: TestClient, lang: str
) -> None:
    html = client.get("/ledger", params={"on": AS_OF, "lang": lang}).text
    link = re.search(r'<a href="([^"]+)" id="review-link">', html)
    assert link is not None
    assert link.group(1) == f"/ledger/review?on={AS_OF}&amp;lang={lang}"
    md = re.search(r'<a href="([^"]+)" id="review-md-link" download>', html)
    assert md is not None and md.group(1) == f"/ledger/review.md?on={AS_OF}&amp;lang={lang}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_review_page_is_the_review_of_that_date_with_a_print_button(
    client: TestClient, lang: str
) -> None:
    r = client.get("/ledger/review", params={"on": AS_OF, "lang": lang})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert html.startswith(f'<!doctype html>\n<html lang="{lang}">')
    assert f'<time datetime="{AS_OF}">' in html
    ledger = load_embedded_ledger()
    review = build_review(ledger, "bucharest-2008", date(2009, 4, 3))
    document = render_review(review, ledger, lang, ReportFormat.HTML)
    # The same document as the file, plus the toolbar and its script.
    assert html.split('<header class="title-page"')[1] == document.split(
        '<header class="title-page"'
    )[1].replace(
        "</footer>\n</body>", '</footer>\n<script src="/static/ledger/review.js"></script>\n</body>'
    )
    toolbar = html.split('<nav class="review-toolbar no-print"')[1].split("</nav>")[0]
    label = "Print / save as PDF" if lang == "en" else "Imprimer / enregistrer en PDF"
    assert f'<button type="button" id="review-print">{label}</button>' in toolbar
    assert f'href="/ledger?on={AS_OF}&amp;lang={lang}"' in toolbar
    assert f'href="/ledger/review.md?on={AS_OF}&amp;lang={lang}"' in toolbar
    # No inline script; the page's one style element is allowed by its hash.
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/ledger/review.js">']
    assert "onclick" not in html
    policy = r.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'sha256-" in policy
    js = client.get("/static/ledger/review.js")
    assert js.status_code == 200 and "window.print()" in js.text


def test_the_print_stylesheet_hides_the_toolbar_and_breaks_pages(client: TestClient) -> None:
    html = client.get("/ledger/review", params={"on": AS_OF, "lang": "en"}).text
    css = html.split("@media print {")[1].split("\n}\n")[0]
    assert "nav, .no-print, .review-toolbar, script { display: none !important; }" in css
    assert ".part { break-before: page; }" in css and "break-inside: avoid" in css


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_markdown_download(client: TestClient, lang: str) -> None:
    r = client.get("/ledger/review.md", params={"on": AS_OF, "lang": lang})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    assert r.headers["content-disposition"] == (
        f'attachment; filename="review-bucharest-2008-{AS_OF}-{lang}.md"'
    )
    title = "# Progress review" if lang == "en" else "# Bilan d'avancement"
    assert r.text.startswith(title)


def test_a_commitment_page_links_its_entry_in_the_review(client: TestClient) -> None:
    html = client.get("/ledger/protocols-signed", params={"on": AS_OF, "lang": "fr"}).text
    assert f'href="/ledger/review?on={AS_OF}&amp;lang=fr#c-protocols-signed"' in html


def test_a_bad_review_date_or_summit_is_a_clear_4xx(client: TestClient) -> None:
    r = client.get("/ledger/review", params={"on": "2009-02-30"})
    assert 400 <= r.status_code < 500
    r = client.get("/ledger/review", params={"on": AS_OF, "summit": "yalta-1945"})
    assert r.status_code == 404 and "yalta-1945" in r.text


# --- the API's structured provenance ---------------------------------------------------------


def test_the_api_gives_structured_sources_and_confidence(client: TestClient) -> None:
    c = client.get("/api/v1/commitments/alb-hrv-accession-talks", params={"lang": "fr"}).json()
    assert c["confidence"] == "official" and "source" not in c and "seed_section" not in c
    assert c["summit_section"] == "Consolider l'Europe"
    assert c["sources"] == [{"title": "Bucharest Summit Declaration", "issuer": "OTAN",
                             "date": "2008-04-03",
                             "url": "https://www.nato.int/cps/en/natohq/official_texts_8443.htm"}]  # fmt: skip
    assert c["document"].startswith("Déclaration du sommet de Bucarest")
    assert c["history"][0]["note"] == "Pourparlers d'adhésion tenus au siège de l'OTAN."
    en = client.get("/api/v1/commitments/alb-hrv-accession-talks", params={"lang": "en"}).json()
    assert en["sources"][0]["issuer"] == "NATO" and en["history"][0]["note"].startswith("Accession")
    ops = client.get("/api/v1/operations", params={"lang": "en"}).json()
    assert all(o["sources"] and o["confidence"] in ("official", "secondary", "estimate")
               for o in ops)  # fmt: skip
    isaf = next(o for o in ops if o["id"] == "isaf")
    assert isaf["mandates"][0] == {"resolution": "UNSCR 1386", "on": "2001-12-20",
                                   "url": "https://undocs.org/S/RES/1386(2001)"}  # fmt: skip
    f = client.get("/api/v1/forces", params={"operation": "isaf", "on": "2008-06-03"}).json()
    assert f["confidence"] == "secondary" and f["sources"][0]["date"] == "2008-06-12"
    assert all(p["sources"] and p["confidence"] for p in f["pledges"])
    before = client.get("/api/v1/forces", params={"operation": "isaf", "on": "2001-01-01"}).json()
    assert before["sources"] == [] and before["confidence"] is None


# --- no working note anywhere users look ------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_working_note_on_any_ledger_page(client: TestClient, lang: str) -> None:
    ledger = load_embedded_ledger()
    urls = ["/ledger", "/operations", "/operations?on=2008-06-03", "/ledger/review",
            "/ledger/review.md"]  # fmt: skip
    urls += [f"/ledger/{c.id}" for c in ledger.commitments]
    for url in urls:
        for day in (AS_OF, "2026-01-01"):
            sep = "&" if "?" in url else "?"
            r = client.get(f"{url}{sep}on={day}&lang={lang}")
            assert r.status_code == 200, url
            assert working_note_in(visible(r.text)) is None, (url, working_note_in(visible(r.text)))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_working_note_in_the_api_answers(client: TestClient, lang: str) -> None:
    ledger = load_embedded_ledger()
    answers = [client.get("/api/v1/operations", params={"lang": lang}).text]
    answers += [client.get(f"/api/v1/commitments/{c.id}", params={"lang": lang}).text
                for c in ledger.commitments]  # fmt: skip
    answers += [client.get("/api/v1/forces", params={"operation": m.id, "on": "2009-04-03",
                                                     "lang": lang}).text
                for m in ledger.missions if any(p.mission == m.id for p in ledger.contributions)]  # fmt: skip
    for text in answers:
        assert working_note_in(text) is None, text[:200]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_no_working_note_in_the_review(lang: str, fmt: ReportFormat) -> None:
    ledger = load_embedded_ledger()
    for day in (date(2008, 6, 3), date(2009, 4, 3), date(2026, 1, 1)):
        text = render_review(build_review(ledger, "bucharest-2008", day), ledger, lang, fmt)
        assert working_note_in(visible(text) if fmt is ReportFormat.HTML else text) is None


def test_the_french_review_is_french_or_marked(client: TestClient) -> None:
    """Every line of the French review's evidence and notes is French, or a citation of an
    English text marked « (en anglais) »."""
    ledger = load_embedded_ledger()
    md = render_review(build_review(ledger, "bucharest-2008", date(2009, 4, 3)), ledger, "fr",
                       ReportFormat.MARKDOWN)  # fmt: skip
    english = re.compile(r"\b(the|and|was|were|with|which|has|have|been|that|by)\b")
    for line in md.splitlines():
        prose = re.sub(r"<?https?://\S+", "", line)
        if len(english.findall(prose)) >= 2:
            assert "(en anglais)" in line, line
