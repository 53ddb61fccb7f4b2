"""The ledger: every commitment with its calendar and operations, and the questions asked of it.

Single commitments are answered by the pure functions of :mod:`.status` and
:mod:`.progress`; the dashboard over a whole ledger uses :class:`StatusIndex`, a
vectorised (numpy) form of the same rules, so that 100,000 commitments with a
million status events are counted in milliseconds. Tests check that both agree.

Example::

    >>> from bucarest.ledger.data import load_embedded_ledger
    >>> ledger = load_embedded_ledger()
    >>> counts = dashboard(ledger, date(2008, 8, 1)).counts
    >>> counts[LedgerStatus.DONE_ON_TIME] >= 1
    True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from bucarest.core.errors import N_, NotFoundError
from bucarest.ledger.domain.model import Calendar, Commitment, RecordedStatus, Topic
from bucarest.ledger.domain.operations import ContributionPoint, Mission, Pledge
from bucarest.ledger.domain.progress import Outlook, forecast, progress_on
from bucarest.ledger.domain.status import (
    DUE_WINDOW_DAYS,
    LedgerStatus,
    deadline_of,
    status_on,
)

__all__ = [
    "Dashboard",
    "Ledger",
    "LedgerFilter",
    "LedgerRow",
    "StatusIndex",
    "dashboard",
    "owner_key",
    "row_on",
    "rows_on",
]


@dataclass(frozen=True)
class Ledger:
    """One consistent set of commitments, the calendar they refer to, and operations."""

    calendar: Calendar
    commitments: tuple[Commitment, ...]
    missions: tuple[Mission, ...] = ()
    contributions: tuple[ContributionPoint, ...] = ()
    pledges: tuple[Pledge, ...] = ()

    @functools.cached_property
    def index(self) -> dict[str, Commitment]:
        """Commitments by id."""
        return {c.id: c for c in self.commitments}

    @functools.cached_property
    def status_index(self) -> StatusIndex:
        """The vectorised status rules over every commitment."""
        return StatusIndex.build(self)

    def commitment(self, commitment_id: str) -> Commitment:
        """The commitment with this id, or a :class:`NotFoundError`."""
        try:
            return self.index[commitment_id]
        except KeyError:
            raise NotFoundError(
                N_("unknown commitment '{id}'; list them with 'bucarest commitments list'"),
                id=commitment_id,
            ) from None

    def mission(self, mission_id: str) -> Mission:
        """The mission with this id, or a :class:`NotFoundError` naming the known ones."""
        for m in self.missions:
            if m.id == mission_id.strip().lower():
                return m
        raise NotFoundError(
            N_("unknown operation '{mission}'; expected one of {known}"),
            mission=mission_id,
            known=", ".join(m.id for m in self.missions),
        )


@dataclass(frozen=True)
class LedgerRow:
    """A commitment as it stood on a date."""

    commitment: Commitment
    on: date
    status: LedgerStatus
    deadline: date | None
    progress: float | None
    outlook: Outlook


def _progress(c: Commitment, status: LedgerStatus, on: date) -> float | None:
    if status.is_done:
        return 1.0
    shares = [p.share for p in (progress_on(i, on) for i in c.indicators) if p.share is not None]
    if not shares:
        return None
    return sum(min(max(s, 0.0), 1.0) for s in shares) / len(shares)


_OUTLOOK_ORDER = [Outlook.OFF_TRACK, Outlook.AT_RISK, Outlook.ON_TRACK, Outlook.UNKNOWN]


def _outlook(c: Commitment, status: LedgerStatus, deadline: date | None, on: date) -> Outlook:
    if status.is_done:
        return Outlook.ON_TRACK
    if deadline is None or not c.indicators:
        return Outlook.UNKNOWN
    verdicts = {forecast(i, on, deadline).outlook for i in c.indicators}
    return next(o for o in _OUTLOOK_ORDER if o in verdicts)


def row_on(ledger: Ledger, c: Commitment, on: date) -> LedgerRow:
    """``c`` on ``on``: derived status, deadline, progress share and outlook."""
    status = status_on(c, ledger.calendar, on)
    deadline = deadline_of(c, ledger.calendar)
    return LedgerRow(
        c, on, status, deadline, _progress(c, status, on), _outlook(c, status, deadline, on)
    )


def owner_key(text: str | None) -> str | None:
    """How owners are written in the ledger: alpha-3 codes upper case, bodies lower case.

    >>> owner_key("fra"), owner_key("Allies"), owner_key("  ")
    ('FRA', 'allies', None)
    """
    if text is None or not text.strip():
        return None
    key = text.strip()
    return key.upper() if len(key) == 3 else key.lower()


@dataclass(frozen=True)
class LedgerFilter:
    """Which commitments to list; every field left ``None`` matches all."""

    summit: str | None = None
    status: LedgerStatus | None = None
    due_before: date | None = None
    owner: str | None = None
    topic: Topic | None = None

    def admits(self, c: Commitment, deadline: date | None) -> bool:
        """True when ``c`` passes the static filters (all but status)."""
        if self.summit is not None and c.summit != self.summit:
            return False
        if self.owner is not None and self.owner not in c.owners:
            return False
        if self.topic is not None and c.topic is not self.topic:
            return False
        if self.due_before is not None and (deadline is None or deadline >= self.due_before):
            return False
        return True


def rows_on(ledger: Ledger, on: date, flt: LedgerFilter | None = None) -> tuple[LedgerRow, ...]:
    """Every commitment passing ``flt`` on ``on``, by deadline then id."""
    flt = flt or LedgerFilter()
    rows = []
    for c in ledger.commitments:
        if not flt.admits(c, deadline_of(c, ledger.calendar)):
            continue
        row = row_on(ledger, c, on)
        if flt.status is None or row.status is flt.status:
            rows.append(row)
    far = date.max
    rows.sort(key=lambda r: (r.deadline or far, r.commitment.id))
    return tuple(rows)


_CODES = list(LedgerStatus)
_CODE = {s: i for i, s in enumerate(_CODES)}
_RECORDED = {s: i for i, s in enumerate(RecordedStatus)}
_NO_DEADLINE = np.iinfo(np.int64).max


@dataclass(frozen=True)
class StatusIndex:
    """The status rules of :mod:`.status` over arrays, one entry per commitment.

    Events are kept sorted by (commitment, day); the status on a date needs, per
    commitment, the last event on or before it, found with one mask and one
    group-end search. All arrays are plain ndarrays, so an array library with
    the numpy API (CuPy) can run the same code on a GPU.
    """

    ids: tuple[str, ...]
    deadline: npt.NDArray[np.int64]
    created: npt.NDArray[np.int64]
    ev_commitment: npt.NDArray[np.int64]
    ev_day: npt.NDArray[np.int64]
    ev_status: npt.NDArray[np.int8]
    summit: npt.NDArray[np.int32]
    summits: tuple[str, ...]
    topic: npt.NDArray[np.int8]
    owners: dict[str, npt.NDArray[np.bool_]]

    @classmethod
    def build(cls, ledger: Ledger) -> StatusIndex:
        """Arrays for every commitment of ``ledger``."""
        n = len(ledger.commitments)
        deadline = np.full(n, _NO_DEADLINE, dtype=np.int64)
        created = np.empty(n, dtype=np.int64)
        ev_c: list[int] = []
        ev_d: list[int] = []
        ev_s: list[int] = []
        summits = tuple(sorted({c.summit for c in ledger.commitments}))
        summit_code = {k: i for i, k in enumerate(summits)}
        topics = list(Topic)
        summit = np.empty(n, dtype=np.int32)
        topic = np.empty(n, dtype=np.int8)
        owners: dict[str, npt.NDArray[np.bool_]] = {}
        for i, c in enumerate(ledger.commitments):
            summit[i] = summit_code[c.summit]
            topic[i] = topics.index(c.topic)
            for o in c.owners:
                if o not in owners:
                    owners[o] = np.zeros(n, dtype=np.bool_)
                owners[o][i] = True
            d = deadline_of(c, ledger.calendar)
            if d is not None:
                deadline[i] = d.toordinal()
            created[i] = c.created.toordinal()
            for e in c.history:
                ev_c.append(i)
                ev_d.append(e.on.toordinal())
                ev_s.append(_RECORDED[e.status])
        order = np.lexsort((np.asarray(ev_d, dtype=np.int64), np.asarray(ev_c, dtype=np.int64)))
        return cls(
            tuple(c.id for c in ledger.commitments),
            deadline,
            created,
            np.asarray(ev_c, dtype=np.int64)[order],
            np.asarray(ev_d, dtype=np.int64)[order],
            np.asarray(ev_s, dtype=np.int8)[order],
            summit,
            summits,
            topic,
            owners,
        )

    def mask_for(self, flt: LedgerFilter) -> npt.NDArray[np.bool_] | None:
        """The commitments passing ``flt``'s static filters, or None when it has none."""
        n = len(self.ids)
        mask: npt.NDArray[np.bool_] | None = None

        def both(m: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
            return m if mask is None else mask & m

        if flt.summit is not None:
            code = self.summits.index(flt.summit) if flt.summit in self.summits else -1
            mask = both(self.summit == code)
        if flt.topic is not None:
            mask = both(self.topic == list(Topic).index(flt.topic))
        if flt.owner is not None:
            mask = both(self.owners.get(flt.owner, np.zeros(n, dtype=np.bool_)))
        if flt.due_before is not None:
            mask = both(self.deadline < flt.due_before.toordinal())
        return mask

    def codes_on(self, on: date) -> npt.NDArray[np.int8]:
        """The :class:`LedgerStatus` code of every commitment on ``on``."""
        t = on.toordinal()
        n = len(self.ids)
        rec_status = np.full(n, -1, dtype=np.int8)
        rec_day = np.zeros(n, dtype=np.int64)
        known = np.nonzero(self.ev_day <= t)[0]
        if known.size:
            groups = self.ev_commitment[known]
            ends = np.append(np.nonzero(np.diff(groups))[0], groups.size - 1)
            last = known[ends]
            rec_status[groups[ends]] = self.ev_status[last]
            rec_day[groups[ends]] = self.ev_day[last]
        has_deadline = self.deadline != _NO_DEADLINE
        out = np.full(n, _CODE[LedgerStatus.NOT_YET_DUE], dtype=np.int8)
        due = has_deadline & (t >= self.deadline - DUE_WINDOW_DAYS)
        out[due] = _CODE[LedgerStatus.DUE]
        out[has_deadline & (t > self.deadline)] = _CODE[LedgerStatus.OVERDUE]
        done = rec_status == _RECORDED[RecordedStatus.DONE]
        late = done & has_deadline & (rec_day > self.deadline)
        out[done] = _CODE[LedgerStatus.DONE_ON_TIME]
        out[late] = _CODE[LedgerStatus.DONE_LATE]
        out[rec_status == _RECORDED[RecordedStatus.SUPERSEDED]] = _CODE[LedgerStatus.SUPERSEDED]
        out[rec_status == _RECORDED[RecordedStatus.DROPPED]] = _CODE[LedgerStatus.DROPPED]
        out[t < self.created] = _CODE[LedgerStatus.NOT_YET_DECIDED]
        return out

    def statuses_on(self, on: date) -> tuple[LedgerStatus, ...]:
        """The status of every commitment on ``on``, in ledger order."""
        return tuple(_CODES[int(c)] for c in self.codes_on(on))

    def counts_on(
        self,
        on: date,
        mask: npt.NDArray[np.bool_] | None = None,
        codes: npt.NDArray[np.int8] | None = None,
    ) -> dict[LedgerStatus, int]:
        """How many commitments (of those in ``mask``) have each status on ``on``."""
        codes = self.codes_on(on) if codes is None else codes
        if mask is not None:
            codes = codes[mask]
        counts = np.bincount(codes.astype(np.int64), minlength=len(_CODES))
        return {s: int(counts[i]) for i, s in enumerate(_CODES)}


@dataclass(frozen=True)
class Dashboard:
    """Counts by status on a date and the first rows that pass a filter."""

    on: date
    counts: dict[LedgerStatus, int]
    total: int
    rows: tuple[LedgerRow, ...]


def dashboard(
    ledger: Ledger, on: date, flt: LedgerFilter | None = None, limit: int = 50
) -> Dashboard:
    """The ledger dashboard: status counts over the filtered ledger, and up to ``limit``
    rows of those passing every filter, by deadline."""
    flt = flt or LedgerFilter()
    index = ledger.status_index
    static = index.mask_for(flt)
    codes = index.codes_on(on)
    counts = index.counts_on(on, static, codes)
    chosen = np.ones(len(index.ids), dtype=np.bool_) if static is None else static
    if flt.status is not None:
        chosen = chosen & (codes == _CODE[flt.status])
    positions = np.nonzero(chosen)[0]
    positions = positions[np.argsort(index.deadline[positions], kind="stable")][:limit]
    rows = tuple(row_on(ledger, ledger.commitments[int(i)], on) for i in positions)
    return Dashboard(on, counts, int(chosen.sum()), rows)
