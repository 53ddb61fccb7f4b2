"""Small and synthetic ledgers built in memory (no data files, no database)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from bucarest.core.provenance import Citation, Confidence, Provenance
from bucarest.ledger.domain.ledger import Ledger
from bucarest.ledger.domain.model import (
    Assessment,
    Calendar,
    CalendarEvent,
    Commitment,
    Indicator,
    IndicatorValue,
    Measure,
    RecordedStatus,
    StatusEvent,
    Topic,
)
from bucarest.ledger.domain.operations import ContributionPoint, Mandate, Mission, Pledge

SRC = "https://www.nato.int/cps/en/natohq/official_texts_8443.htm"
DECLARATION = Provenance(
    (Citation("Bucharest Summit Declaration", "NATO", "2008-04-03", SRC),), Confidence.OFFICIAL
)


def _secondary(url: str) -> Provenance:
    return Provenance(
        (Citation("A press report", "Example News", "2008", url),), Confidence.SECONDARY
    )


CALENDAR = Calendar(
    (
        CalendarEvent("bucharest-2008", "summit", "Bucharest Summit", "Sommet de Bucarest",
                      date(2008, 4, 2), date(2008, 4, 4), DECLARATION),
        CalendarEvent("fm-2008-12", "ministerial", "Foreign ministers", "Ministres des Affaires étrangères",
                      date(2008, 12, 2), date(2008, 12, 3), DECLARATION),
        CalendarEvent("strasbourg-kehl-2009", "summit", "Strasbourg/Kehl Summit",
                      "Sommet de Strasbourg-Kehl", date(2009, 4, 3), date(2009, 4, 4), DECLARATION),
    )
)  # fmt: skip


def _c(
    cid: str,
    topic: Topic,
    *,
    deadline: date | None = None,
    event: str | None = None,
    history: tuple[tuple[RecordedStatus, date, str], ...] = (),
    indicators: tuple[Indicator, ...] = (),
    assessments: tuple[tuple[str, int, date], ...] = (),
    owners: tuple[str, ...] = ("allies",),
    title: str = "",
) -> Commitment:
    return Commitment(
        id=cid, summit="bucharest-2008", document="Bucharest Summit Declaration", paragraph="1",
        summit_section="Consolider l'Europe", topic=topic,
        title_en=title or f"Title {cid} | *star* _under_", title_fr=f"Titre {cid}",
        text_en=f"The English words of {cid}.", text_fr=f"Les mots français de {cid}.",
        owners=owners, deadline=deadline, deadline_event=event, created=date(2008, 4, 3),
        provenance=DECLARATION,
        history=tuple(StatusEvent(cid, s, d, e) for s, d, e in history),
        indicators=indicators,
        assessments=tuple(Assessment(cid, a, s, d, f"https://example.org/{cid}/{a}")
                          for a, s, d in assessments),
    )  # fmt: skip


def _indicator(cid: str) -> Indicator:
    v = IndicatorValue
    return Indicator(
        f"{cid}-ratifications", cid, "Allies that ratified", "Alliés ayant ratifié",
        Measure.UNIT, True, "Allies", v(date(2008, 7, 9), 0, SRC),
        (v(date(2009, 4, 1), 26, SRC),),
        (v(date(2008, 10, 1), 8, "https://example.org/a1"),
         v(date(2009, 1, 15), 20, "https://example.org/a2")),
    )  # fmt: skip


def small_ledger() -> Ledger:
    """Five commitments over three topics, an indicator, assessments and one mission."""
    commitments = (
        _c("protocols-signed", Topic.ENLARGEMENT, deadline=date(2008, 7, 31),
           history=((RecordedStatus.DONE, date(2008, 7, 9), "https://www.nato.int/docu/pr/2008/p08-104e.html"),),
           assessments=(("FRA", 1, date(2008, 8, 1)), ("USA", 1, date(2008, 8, 1)))),
        _c("ratify", Topic.ENLARGEMENT, event="strasbourg-kehl-2009",
           history=((RecordedStatus.IN_PROGRESS, date(2008, 10, 1), "Press Release (2008) 120, para. 2"),),
           indicators=(_indicator("ratify"),),
           assessments=(("FRA", 1, date(2009, 1, 1)), ("GRC", 0, date(2009, 1, 1)))),
        _c("fm-assessment", Topic.PARTNERSHIPS, event="fm-2008-12", owners=("foreign-ministers",),
           history=((RecordedStatus.DONE, date(2008, 12, 3), "https://www.nato.int/cps/en/natolive/official_texts_46247.htm"),)),
        _c("late-one", Topic.AFGHANISTAN, deadline=date(2008, 9, 1),
           history=((RecordedStatus.DONE, date(2008, 10, 1), "https://example.org/late"),)),
        _c("overdue-one", Topic.AFGHANISTAN, deadline=date(2009, 1, 1), owners=("DEU", "FRA")),
    )  # fmt: skip
    mission = Mission("isaf", "International Security Assistance Force",
                      "Force internationale d'assistance à la sécurité", "ISAF", "FIAS",
                      date(2001, 12, 20), None, date(2003, 8, 11),
                      (Mandate("UNSCR 1386", date(2001, 12, 20), "https://example.org/1386"),),
                      _secondary("https://example.org/isaf"))  # fmt: skip
    points = (
        ContributionPoint("isaf", date(2008, 4, 4), 47000, None, _secondary("https://example.org/p1")),
        ContributionPoint("isaf", date(2008, 6, 3), 52908, 40, _secondary("https://example.org/p2"),
                          {"USA": 23550, "GBR": 8530, "DEU": 3370, "CAN": 2500}),
        ContributionPoint("isaf", date(2009, 3, 31), 62000, 42, _secondary("https://example.org/p3"),
                          {"USA": 29000, "GBR": 8300, "DEU": 3650, "FRA": 2800}),
    )  # fmt: skip
    pledges = (
        Pledge(
            "isaf",
            date(2008, 4, 3),
            "FRA",
            700,
            "A battalion",
            _secondary("https://example.org/pl"),
            7000,
        ),
    )
    return Ledger(CALENDAR, commitments, (mission,), points, pledges)


def synthetic_ledger(n: int, seed: int = 7) -> Ledger:
    """``n`` commitments with random deadlines, histories, indicators and assessments."""
    rnd = random.Random(seed)
    topics = list(Topic)
    commitments = []
    for i in range(n):
        cid = f"c-{i:05d}"
        deadline = date(2008, 5, 1) + timedelta(days=rnd.randrange(0, 700))
        history: list[tuple[RecordedStatus, date, str]] = []
        if rnd.random() < 0.5:
            history.append((RecordedStatus.IN_PROGRESS, date(2008, 5, 1)
                            + timedelta(days=rnd.randrange(0, 200)), f"https://example.org/{cid}/p"))  # fmt: skip
        if rnd.random() < 0.4:
            history.append((rnd.choice(list(RecordedStatus)), date(2008, 11, 1)
                            + timedelta(days=rnd.randrange(0, 400)), f"https://example.org/{cid}/d"))  # fmt: skip
        history.sort(key=lambda h: h[1])
        commitments.append(
            _c(cid, rnd.choice(topics), deadline=deadline, history=tuple(history),
               indicators=(_indicator(cid),) if rnd.random() < 0.3 else (),
               assessments=(("FRA", rnd.choice((-1, 0, 1)), date(2009, 1, 1)),)
               if rnd.random() < 0.3 else (),
               title=f"Synthetic commitment {i}")
        )  # fmt: skip
    small = small_ledger()
    return Ledger(CALENDAR, tuple(commitments), small.missions, small.contributions, small.pledges)
