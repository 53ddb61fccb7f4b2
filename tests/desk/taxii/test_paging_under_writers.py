"""A client paging a collection with ``added_after`` (and ``next``) while several writer
processes post to it misses no object and sees none twice, on SQLite and PostgreSQL.

The writers are separate processes, each with its own app (as the workers of
``bucarest serve --workers N`` are), and their clocks disagree by up to half a second, as
those of several machines do. When each process stamped ``date_added`` from its own clock,
a writer whose clock ran behind committed objects dated before ones the reader had already
passed, and the reader's next ``added_after`` skipped them for ever.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from datetime import UTC, datetime, timedelta
from queue import Empty
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bucarest.app import create_app, open_store
from bucarest.core.identity import Role
from bucarest.desk.store.records import Desk
from bucarest.registry.store import RegistryRepository
from tests.desk.taxii import MEDIA, NATO, ROOT, indicator

MANIFEST = ROOT + f"collections/{NATO}/manifest/"
OBJECTS = ROOT + f"collections/{NATO}/objects/"
#: Each writer's clock, ahead of (or behind) the machine's, in seconds.
SKEWS = (0.0, -0.25, -0.5)
ENVELOPES = 25


def _writer(url: str, token: str, number: int, skew_s: float, go: Any, out: Any) -> None:
    """Post :data:`ENVELOPES` envelopes of one to three new indicators; report their ids."""
    app = create_app(url)
    app.state.taxii.now = lambda: datetime.now(UTC) + timedelta(seconds=skew_s)
    headers = {"Accept": MEDIA, "Content-Type": MEDIA, "Authorization": f"Bearer {token}"}
    rnd = random.Random(number)
    posted: list[str] = []
    with TestClient(app) as client:
        go.wait(120)
        for i in range(ENVELOPES):
            objects = [indicator(number * 100_000 + i * 10 + j) for j in range(1 + i % 3)]
            r = client.post(OBJECTS, json={"objects": objects}, headers=headers)
            if r.status_code != 202 or r.json()["success_count"] != len(objects):
                out.put(("error", f"writer {number}: {r.status_code} {r.text[:300]}"))
                return
            posted.extend(o["id"] for o in objects)
            time.sleep(rnd.uniform(0, 0.02))
    out.put(("posted", posted))


def _poll(client: TestClient, headers: dict[str, str], mark: str | None
          ) -> tuple[list[tuple[str, str]], str | None]:  # fmt: skip
    """Every entry added after ``mark``, page by page (``next``), and the new mark."""
    seen: list[tuple[str, str]] = []
    nxt: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 4}
        if mark is not None:
            params["added_after"] = mark
        if nxt is not None:
            params["next"] = nxt
        r = client.get(MANIFEST, params=params, headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        seen.extend((o["id"], o["date_added"]) for o in body.get("objects", []))
        if not body["more"]:
            return seen, (seen[-1][1] if seen else mark)
        nxt = body["next"]


def _drain(out: Any, posted: list[str], errors: list[str]) -> None:
    try:
        while True:
            kind, value = out.get(timeout=0.01)
            if kind == "posted":
                posted.extend(value)
            else:
                errors.append(value)
    except Empty:
        pass


def _tokens(url: str) -> dict[str, str]:
    db = open_store(url)
    out: dict[str, str] = {}
    try:
        with db.session() as s:
            desk = Desk(s, RegistryRepository(s).load(), db)
            for name, org in (("fra", "FRA"), ("deu", "DEU"), ("pol", "POL"), ("ita", "ITA")):
                desk.accounts.create_user(name, org, {Role.ANALYST}, password="x" * 16)
                out[name] = desk.accounts.create_token(name, "paging test")
    finally:
        db.dispose()
    return out


@pytest.mark.slow
def test_added_after_paging_under_writer_processes_misses_nothing(db_url: str) -> None:
    tokens = _tokens(db_url)
    ctx = multiprocessing.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    writers = [
        ctx.Process(target=_writer, args=(db_url, tokens[name], n, skew, go, out))
        for n, (name, skew) in enumerate(zip(("fra", "deu", "pol"), SKEWS, strict=True))
    ]
    for w in writers:
        w.start()
    reader = TestClient(create_app(db_url))
    headers = {"Accept": MEDIA, "Authorization": f"Bearer {tokens['ita']}"}
    seen: list[tuple[str, str]] = []
    mark: str | None = None
    posted: list[str] = []
    errors: list[str] = []
    try:
        go.set()
        polls = 0
        while any(w.is_alive() for w in writers):
            new, mark = _poll(reader, headers, mark)
            seen.extend(new)
            polls += 1
            _drain(out, posted, errors)
        for w in writers:
            w.join(120)
        _drain(out, posted, errors)
        new, mark = _poll(reader, headers, mark)  # the last objects, once every writer is done
        seen.extend(new)
    finally:
        for w in writers:
            if w.is_alive():
                w.kill()
    assert not errors, errors
    assert all(w.exitcode == 0 for w in writers)
    ids = [i for i, _added in seen]
    assert len(posted) == len(writers) * sum(1 + i % 3 for i in range(ENVELOPES))
    assert sorted(set(posted) - set(ids)) == [], "objects the reader never saw"
    assert len(ids) == len(set(ids)), "objects the reader saw twice"
    assert set(ids) == set(posted)
    stamps = [added for _i, added in seen]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert polls > 10  # the reader really paged while the writers wrote
