"""Convert the ledger's data files from free-text ``source:`` strings to structured provenance.

Usage (from the repository root)::

    python scripts/convert_ledger_sources.py [folder]   # default src/bucarest/data/commitments

For every row of ``commitments.yaml``, ``missions.yaml``, ``contributions.yaml``,
``pledges.yaml`` and ``calendar.yaml`` that still has a row-level ``source:`` string and no
``sources:`` list, the ``source:`` line is replaced by ``confidence:`` and ``sources:`` (a list
of ``{title, issuer, date, url}``, see ``bucarest.core.provenance``), guessed from the URLs in
the string: known addresses get their curated citation, other ones a citation named after
the text before the URL and issued by the site's owner. The old string is kept as a YAML
comment above the new keys, so a curator can check the guess. ``seed_section:`` becomes
``summit_section:``. Mandates written ``source: URL`` become ``url: URL``.

The rewrite is textual: comments and layout stay as they are. Rows already converted are
left alone, so running the script twice changes nothing the second time. A converted row may
still be refused by the loader (a mirror's address, a working note in a shown field): fix it
by hand, the loader's one-line message names the file and the row.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

FILES = ("commitments.yaml", "missions.yaml", "contributions.yaml", "pledges.yaml", "calendar.yaml")

DECLARATION = {
    "title": "Bucharest Summit Declaration",
    "issuer": "NATO",
    "date": "2008-04-03",
    "url": "https://www.nato.int/cps/en/natohq/official_texts_8443.htm",
}

#: Curated citations of the addresses the ledger's rows cite most.
KNOWN: dict[str, dict[str, str]] = {
    DECLARATION["url"]: DECLARATION,
    # A private copy of paragraphs 37-38: the citation is the Declaration itself.
    "http://clownsfreiheide.de.tl/Some-comments-on-the-NATO-Bucharest-declaration.htm": DECLARATION,
    "https://www.nato.int/cps/en/natohq/news_7196.htm": {
        "title": "ISAF's Strategic Vision, Press Release (2008) 052",
        "issuer": "NATO",
        "date": "2008-04-03",
        "url": "https://www.nato.int/cps/en/natohq/news_7196.htm",
    },
    "https://www.nato.int/cps/en/natohq/news_7192.htm": {
        "title": "Chairman's Statement, Euro-Atlantic Partnership Council summit meeting",
        "issuer": "NATO",
        "date": "2008-04-03",
        "url": "https://www.nato.int/cps/en/natohq/news_7192.htm",
    },
    "https://www.nato.int/docu/update/2008/04-april/e0403h.html": {
        "title": "NATO decisions on open-door policy",
        "issuer": "NATO",
        "date": "2008-04-03",
        "url": "https://www.nato.int/docu/update/2008/04-april/e0403h.html",
    },
    "https://www.nato.int/cps/uk/natohq/official_texts_46247.htm": {
        "title": "Final communiqué, meeting of the North Atlantic Council at the level of "
        "Foreign Ministers, Press Release (2008) 153",
        "issuer": "NATO",
        "date": "2008-12-03",
        "url": "https://www.nato.int/cps/en/natohq/official_texts_46247.htm",
    },
    "https://www.nato.int/cps/en/natohq/news_52837.htm": {
        "title": "Strasbourg / Kehl Summit Declaration, Press Release (2009) 044",
        "issuer": "NATO",
        "date": "2009-04-04",
        "url": "https://www.nato.int/cps/en/natohq/news_52837.htm",
    },
    "http://usatoday30.usatoday.com/news/military/2008-04-21-afghanistan-nato_N.htm": {
        "title": "Troop pledges by allies fall short",
        "issuer": "USA Today",
        "date": "2008-04-21",
        "url": "http://usatoday30.usatoday.com/news/military/2008-04-21-afghanistan-nato_N.htm",
    },
    "https://twocircles.net/2008apr04/russia_nato_agree_transit_non_lethal_cargo_afghanistan.html": {
        "title": "Russia, NATO agree on transit of non-lethal cargo to Afghanistan (RIA Novosti)",
        "issuer": "TwoCircles.net",
        "date": "2008-04-04",
        "url": "https://twocircles.net/2008apr04/russia_nato_agree_transit_non_lethal_cargo_afghanistan.html",
    },
}

#: Site owners by host suffix (the issuer of a citation guessed from its address).
ISSUERS = {
    "nato.int": "NATO",
    "un.org": "United Nations",
    "undocs.org": "United Nations",
    "gpo.gov": "US Government Publishing Office",
    "senat.fr": "Sénat (France)",
    "gov.hr": "Government of Croatia",
    "mvep.gov.hr": "Ministry of Foreign and European Affairs of Croatia",
    "canada.ca": "Government of Canada",
    "regjeringen.no": "Government of Norway",
    "usatoday.com": "USA Today",
    "dawn.com": "Dawn (AFP)",
    "eurasia.ro": "Reuters (via eurasia.ro)",
    "atlanticcouncil.org": "Atlantic Council",
}

#: Addresses of official publishers: a row citing only these is ``official``.
OFFICIAL = ("nato.int", "un.org", "undocs.org", ".gov", "gov.hr", "senat.fr", "canada.ca",
            "regjeringen.no", "europa.eu")  # fmt: skip


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans, as ``bucarest.core.datafiles`` reads the files (``on:`` is a key)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;)]")
ISO = re.compile(r"\b(\d{4}-\d{2}(?:-\d{2})?)\b")
MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split()
)}  # fmt: skip
LONG = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")


def _host(url: str) -> str:
    return (urlparse(url).hostname or "").removeprefix("www.")


def _issuer(url: str) -> str:
    host = _host(url)
    for suffix, name in ISSUERS.items():
        if host == suffix or host.endswith("." + suffix):
            return name
    return host


def _date(text: str, fallback: str | None) -> str | None:
    m = LONG.search(text)
    if m:
        return f"{m.group(3)}-{MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
    m = ISO.search(text)
    return m.group(1) if m else fallback


def citations(text: str, fallback_date: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The confidence and citations guessed from a free-text source."""
    urls = URL.findall(text)
    out: list[dict[str, Any]] = []
    pos = 0
    for url in urls:
        if url in KNOWN:
            cite = dict(KNOWN[url])
        else:
            start = text.find(url, pos)
            before = text[pos:start].strip(" -;,():'\"")
            pos = start + len(url)
            title = re.sub(r"\s+", " ", before) or _host(url)
            cite = {"title": title[:200], "issuer": _issuer(url),
                    "date": _date(before, fallback_date), "url": url}  # fmt: skip
        if cite not in out:
            out.append(cite)
    if not out:
        out.append({"title": text.strip()[:200] or "Unknown", "issuer": "Unknown",
                    "date": fallback_date, "url": None})  # fmt: skip
    official = all(
        c["url"] and any(_host(c["url"]).endswith(o.lstrip(".")) for o in OFFICIAL) for c in out
    )
    return ("official" if official else "secondary"), out


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    return yaml.safe_dump(str(value), default_flow_style=True, width=10_000, allow_unicode=True).split(
        "\n"
    )[0].removesuffix(" ...")  # fmt: skip


def _block(confidence: str, cites: list[dict[str, Any]], old: str) -> list[str]:
    flat = re.sub(r"\s+", " ", old)
    lines = [f"  # was: source: {flat}"]
    lines.append(f"  confidence: {confidence}")
    lines.append("  sources:")
    for c in cites:
        lines.append(f"  - title: {_scalar(c['title'])}")
        lines.append(f"    issuer: {_scalar(c['issuer'])}")
        if c.get("date"):
            lines.append(f"    date: {_scalar(c['date'])}")
        if c.get("url"):
            lines.append(f"    url: {_scalar(c['url'])}")
    return lines


def _rows(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the top-level rows (``- `` at column 0)."""
    starts = [i for i, line in enumerate(lines) if line.startswith("- ")]
    return [(s, starts[k + 1] if k + 1 < len(starts) else len(lines)) for k, s in enumerate(starts)]


def _key_span(lines: list[str], start: int, end: int, key: str) -> tuple[int, int] | None:
    """Lines of a row-level key (first line ``  key:`` or ``- key:``, then its continuation)."""
    for i in range(start, end):
        if re.match(rf"^(- |  ){key}:", lines[i]):
            j = i + 1
            while j < end and lines[j].startswith("   ") and not lines[j].lstrip().startswith("#"):
                j += 1
            return i, j
    return None


def convert_text(text: str) -> str:
    """The file's text with every old-format row converted."""
    lines = text.split("\n")
    for start, end in reversed(_rows(lines)):
        row = yaml.load("\n".join(lines[start:end]), Loader=_Loader)
        if not isinstance(row, list) or not row or not isinstance(row[0], dict):
            continue
        data = row[0]
        chunk = lines[start:end]
        chunk = [re.sub(r"^(- |  )seed_section:", r"\1summit_section:", c) for c in chunk]
        chunk = [re.sub(r"(\{resolution: [^}]*?)\bsource: ", r"\1url: ", c) for c in chunk]
        flow = chunk[0].startswith("- {") and "source" in data and "sources" not in data
        if flow:  # a one-line row: rebuild it with the new keys where ``source`` was
            fallback = data.get("on") or data.get("created") or data.get("start")
            confidence, cites = citations(str(data["source"]), fallback)
            rebuilt: dict[str, Any] = {}
            for key, value in data.items():
                if key == "source":
                    rebuilt["confidence"] = confidence
                    rebuilt["sources"] = [{k: v for k, v in c.items() if v} for c in cites]
                else:
                    rebuilt["summit_section" if key == "seed_section" else key] = value
            line = yaml.safe_dump(rebuilt, default_flow_style=True, sort_keys=False,
                                  width=100_000, allow_unicode=True).strip()  # fmt: skip
            chunk[0] = "- " + line
        elif "source" in data and "sources" not in data:
            span = _key_span(chunk, 0, len(chunk), "source")
            if span is not None:
                fallback = data.get("on") or data.get("created") or data.get("start")
                confidence, cites = citations(str(data["source"]), fallback)
                block = _block(confidence, cites, str(data["source"]))
                if chunk[span[0]].startswith("- "):  # the row's first key keeps the dash
                    block = ["- " + block[1][2:], *block[2:]]
                chunk[span[0] : span[1]] = block
        lines[start:end] = chunk
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path("src/bucarest/data/commitments")
    for name in FILES:
        path = folder / name
        if not path.is_file():
            continue
        old = path.read_text(encoding="utf-8")
        new = convert_text(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            sys.stdout.write(f"converted {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
