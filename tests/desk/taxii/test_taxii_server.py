"""The TAXII 2.1 server through FastAPI's TestClient: resources, filters, paging, errors,
and the security properties, each test named after the flaw it guards against."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from bucarest.app import create_app
from bucarest.core.identity import Role
from bucarest.desk.store.records import Desk
from bucarest.desk.tables import DeskRecordTable
from bucarest.desk.taxii import validation
from bucarest.registry.data import load_embedded_registry
from tests.desk.taxii import (
    EAPC,
    ICI,
    MD,
    MEDIA,
    NATO,
    NATO_AMBER,
    PASSWORD,
    ROOT,
    Template,
    build_template,
    indicator,
    malware,
)

OBJECTS = ROOT + "collections/{}/objects/"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return build_template(tmp_path_factory.mktemp("taxii-template"))


@pytest.fixture
def app(template: Template, tmp_path: Path) -> FastAPI:
    return create_app(template.copy(tmp_path))


class Taxii:
    """A TestClient that speaks TAXII as one of the template's users."""

    def __init__(self, app: FastAPI, template: Template) -> None:
        self.app = app
        self.client = TestClient(app)
        self.tokens = template.tokens

    def headers(self, user: str | None, **extra: str) -> dict[str, str]:
        out = {"Accept": MEDIA}
        if user is not None:
            out["Authorization"] = f"Bearer {self.tokens[user]}"
        out.update(extra)
        return out

    def get(self, user: str | None, path: str, params: dict[str, Any] | None = None,
            **headers: str) -> httpx.Response:  # fmt: skip
        r: httpx.Response = self.client.get(
            path, params=params, headers=self.headers(user, **headers)
        )
        return r

    def post(self, user: str, collection: str, objects: list[Any],
             **headers: str) -> httpx.Response:  # fmt: skip
        hdrs = {"Content-Type": MEDIA, **headers}
        r: httpx.Response = self.client.post(OBJECTS.format(collection), json={"objects": objects},
                                             headers=self.headers(user, **hdrs))  # fmt: skip
        return r

    def add(self, user: str, collection: str, objects: list[Any]) -> dict[str, Any]:
        r = self.post(user, collection, objects)
        assert r.status_code == 202, r.text
        body: dict[str, Any] = r.json()
        return body

    def objects(self, user: str, collection: str, **params: Any) -> httpx.Response:
        return self.get(user, OBJECTS.format(collection), params)

    def all_pages(self, user: str, path: str, key: str, **params: Any) -> list[list[Any]]:
        pages: list[list[Any]] = []
        nxt: str | None = None
        while True:
            r = self.get(user, path, {**params, **({"next": nxt} if nxt else {})})
            assert r.status_code == 200, r.text
            body = r.json()
            pages.append(body.get(key, []))
            if not body["more"]:
                assert "next" not in body
                return pages
            nxt = body["next"]

    def set_clock(self, now: Callable[[], datetime]) -> None:
        self.app.state.taxii.now = now


@pytest.fixture
def taxii(app: FastAPI, template: Template) -> Taxii:
    return Taxii(app, template)


def _ids(objs: list[dict[str, Any]]) -> list[str]:
    return [o["id"] for o in objs]


def _audit(app: FastAPI) -> list[Any]:
    db = app.state.db
    with db.session() as s:
        return list(Desk(s, load_embedded_registry(), db).audit_entries())


# --- resources --------------------------------------------------------------------------


def test_discovery_and_api_root(taxii: Taxii) -> None:
    r = taxii.get("dora", "/taxii2/")
    assert r.status_code == 200
    assert r.headers["content-type"] == MEDIA
    body = r.json()
    assert body["title"] and body["description"]
    assert body["default"] == "http://testserver/taxii2/desk/"
    assert body["api_roots"] == [body["default"]]
    root = taxii.get("dora", ROOT).json()
    assert root["versions"] == [MEDIA]
    assert root["max_content_length"] == 10 * 1024 * 1024
    assert root["title"]


def test_collections_follow_the_principal(taxii: Taxii) -> None:
    def listed(user: str) -> dict[str, tuple[bool, bool]]:
        r = taxii.get(user, ROOT + "collections/")
        assert r.status_code == 200
        cols = r.json().get("collections", [])
        for c in cols:
            assert c["media_types"] == ["application/stix+json;version=2.1"]
        return {c["alias"]: (c["can_read"], c["can_write"]) for c in cols}

    everything = {"nato", "nato-amber", "eapc", "md", "ici"}
    assert listed("dora") == dict.fromkeys(everything, (True, True))
    assert listed("arben") == dict.fromkeys(everything, (True, True))  # Albania, an Ally
    assert listed("anna") == {"eapc": (True, True)}  # Austria, an EAPC partner
    assert listed("rita") == dict.fromkeys(everything - {"nato-amber"}, (True, False))
    one = taxii.get("anna", ROOT + f"collections/{EAPC}/").json()
    assert one["id"] == EAPC and one["can_write"] is True


def test_partner_does_not_see_allied_collections(taxii: Taxii) -> None:
    for path in ("", "objects/", "manifest/"):
        r = taxii.get("anna", ROOT + f"collections/{NATO}/{path}")
        assert r.status_code == 404
        assert r.headers["content-type"] == MEDIA
        assert r.json()["http_status"] == "404"
    # exactly as a collection that does not exist
    missing = taxii.get("anna", ROOT + "collections/no-such-collection/")
    assert (
        missing.json()["title"] == taxii.get("anna", ROOT + f"collections/{NATO}/").json()["title"]
    )


def test_membership_is_read_on_the_day_of_the_request(taxii: Taxii) -> None:
    """Albania joined NATO on 1 April 2009: its analyst sees the NATO collections from
    that day, not the day before."""
    day = {"on": datetime(2009, 3, 31, 12, tzinfo=UTC)}
    taxii.set_clock(lambda: day["on"])
    before = taxii.get("arben", ROOT + "collections/").json().get("collections", [])
    assert "nato" not in {c["alias"] for c in before}
    assert taxii.objects("arben", NATO).status_code == 404
    day["on"] = datetime(2009, 4, 1, 12, tzinfo=UTC)
    after = taxii.get("arben", ROOT + "collections/").json()["collections"]
    assert "nato" in {c["alias"] for c in after}


def test_post_then_get_round_trip(taxii: Taxii) -> None:
    objs = [indicator(1), indicator(2), malware(1)]
    status = taxii.add("dora", NATO, objs)
    assert status["status"] == "complete"
    assert (status["total_count"], status["success_count"], status["failure_count"]) == (3, 3, 0)
    assert status["pending_count"] == 0 and status["pendings"] == []
    assert {s["id"] for s in status["successes"]} == set(_ids(objs))
    assert status["request_timestamp"].endswith("Z")

    r = taxii.objects("fabien", NATO)
    assert r.status_code == 200 and r.headers["content-type"] == MEDIA
    body = r.json()
    assert body["more"] is False and "next" not in body
    assert _ids(body["objects"]) == _ids(objs)
    assert body["objects"][0]["pattern"] == objs[0]["pattern"]

    one = taxii.get("fabien", OBJECTS.format(NATO) + objs[0]["id"] + "/").json()
    assert _ids(one["objects"]) == [objs[0]["id"]]
    versions = taxii.get("fabien", OBJECTS.format(NATO) + objs[0]["id"] + "/versions/").json()
    assert versions == {"more": False, "versions": ["2026-01-01T00:00:00.000000Z"]}
    manifest = taxii.get("fabien", ROOT + f"collections/{NATO}/manifest/").json()["objects"]
    assert [m["id"] for m in manifest] == _ids(objs)
    assert manifest[0]["media_type"] == "application/stix+json;version=2.1"
    assert manifest[0]["version"] == "2026-01-01T00:00:00.000000Z"
    # what DEU shares with the Alliance, an EAPC partner does not see; the EAPC one it does
    taxii.add("dora", EAPC, [indicator(3)])
    assert _ids(taxii.objects("anna", EAPC).json()["objects"]) == [indicator(3)["id"]]


def test_date_added_headers(taxii: Taxii) -> None:
    taxii.add("dora", NATO, [indicator(n) for n in range(3)])
    r = taxii.objects("dora", NATO)
    manifest = taxii.get("dora", ROOT + f"collections/{NATO}/manifest/").json()["objects"]
    assert r.headers["X-TAXII-Date-Added-First"] == manifest[0]["date_added"]
    assert r.headers["X-TAXII-Date-Added-Last"] == manifest[-1]["date_added"]
    assert manifest[0]["date_added"] < manifest[1]["date_added"] < manifest[2]["date_added"]
    empty = taxii.objects("dora", MD)
    assert empty.json() == {"more": False}
    assert "X-TAXII-Date-Added-First" not in empty.headers


def test_pagination_follows_next_across_pages(taxii: Taxii) -> None:
    objs = [indicator(n) for n in range(25)]
    taxii.add("dora", NATO, objs)
    pages = taxii.all_pages("dora", OBJECTS.format(NATO), "objects", limit=10)
    assert [len(p) for p in pages] == [10, 10, 5]
    assert [o["id"] for p in pages for o in p] == _ids(objs)
    manifest = taxii.all_pages("dora", ROOT + f"collections/{NATO}/manifest/", "objects", limit=7)
    assert [len(p) for p in manifest] == [7, 7, 7, 4]
    big = taxii.objects("dora", NATO, limit=5000).json()  # capped, not refused
    assert len(big["objects"]) == 25
    for bad in ("0", "-3", "ten"):
        assert taxii.objects("dora", NATO, limit=bad).status_code == 400


def test_match_filters(taxii: Taxii) -> None:
    v1 = indicator(1)
    v2 = indicator(1, modified="2026-02-01T00:00:00.000Z", name="indicator 1, revised")
    taxii.add("dora", NATO, [v1, indicator(2), malware(1)])
    taxii.add("dora", NATO, [v2])

    def ids(**params: Any) -> list[str]:
        r = taxii.objects("dora", NATO, **params)
        assert r.status_code == 200, r.text
        return _ids(r.json().get("objects", []))

    assert ids(**{"match[type]": "malware"}) == [malware(1)["id"]]
    assert ids(**{"match[type]": "indicator"}) == [indicator(2)["id"], v1["id"]]
    assert ids(**{"match[id]": f"{v1['id']},{malware(1)['id']}"}) == [malware(1)["id"], v1["id"]]
    objs = taxii.objects("dora", NATO, **{"match[id]": v1["id"], "match[version]": "all"})
    assert [o["modified"] for o in objs.json()["objects"]] == [v1["modified"], v2["modified"]]
    last = taxii.objects("dora", NATO, **{"match[id]": v1["id"]}).json()["objects"]
    assert [o["name"] for o in last] == ["indicator 1, revised"]
    first = taxii.objects("dora", NATO, **{"match[id]": v1["id"], "match[version]": "first"})
    assert [o["name"] for o in first.json()["objects"]] == ["indicator 1"]
    exact = taxii.objects("dora", NATO, **{"match[version]": "2026-02-01T00:00:00Z"})
    assert _ids(exact.json()["objects"]) == [v1["id"]]
    assert ids(**{"match[spec_version]": "2.0"}) == []
    assert len(ids(**{"match[spec_version]": "2.0,2.1"})) == 3
    versions = taxii.get("dora", OBJECTS.format(NATO) + v1["id"] + "/versions/").json()
    assert versions["versions"] == ["2026-01-01T00:00:00.000000Z", "2026-02-01T00:00:00.000000Z"]
    one = taxii.get("dora", OBJECTS.format(NATO) + v1["id"] + "/", {"match[version]": "first"})
    assert [o["name"] for o in one.json()["objects"]] == ["indicator 1"]
    assert taxii.objects("dora", NATO, **{"match[version]": "yesterday"}).status_code == 400


def test_added_after(taxii: Taxii) -> None:
    taxii.add("dora", NATO, [indicator(n) for n in range(3)])
    mark = taxii.objects("dora", NATO).headers["X-TAXII-Date-Added-Last"]
    taxii.add("dora", NATO, [indicator(n) for n in range(3, 5)])
    r = taxii.objects("dora", NATO, added_after=mark)
    assert _ids(r.json()["objects"]) == [indicator(3)["id"], indicator(4)["id"]]
    later = taxii.get("dora", ROOT + f"collections/{NATO}/manifest/", {"added_after": mark})
    assert len(later.json()["objects"]) == 2
    assert taxii.objects("dora", NATO, added_after="last tuesday").status_code == 400


def test_duplicates_are_not_stored_twice(taxii: Taxii) -> None:
    first = taxii.add("dora", NATO, [indicator(1), indicator(1)])
    again = taxii.add("dirk", NATO, [indicator(1)])
    assert first["success_count"] == 2 and again["success_count"] == 1
    assert again["successes"][0]["message"] == "already in the collection"
    r = taxii.objects("dora", NATO, **{"match[version]": "all"})
    assert len(r.json()["objects"]) == 1


# --- bad input --------------------------------------------------------------------------


def test_malformed_stix_is_a_failure_with_the_stix2_message(taxii: Taxii) -> None:
    bad = indicator(2)
    del bad["pattern"]
    status = taxii.add("dora", NATO, [indicator(1), bad, {"type": "indicator"}, "text"])
    assert (status["total_count"], status["success_count"], status["failure_count"]) == (4, 1, 3)
    messages = {f["id"]: f["message"] for f in status["failures"]}
    assert (
        "pattern" in messages[bad["id"]]
        and "No values for required properties" in messages[bad["id"]]
    )
    assert all(f["version"] is not None for f in status["failures"])
    assert _ids(taxii.objects("dora", NATO).json()["objects"]) == [indicator(1)["id"]]


def test_object_the_library_chokes_on_is_not_a_server_error(taxii: Taxii) -> None:
    custom = {"type": "x-acme-widget", "spec_version": "2.1", "id": "x-acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
              "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z"}  # fmt: skip
    status = taxii.add("dora", NATO, [custom])
    assert status["total_count"] == 1 == status["success_count"] + status["failure_count"]


def test_body_that_is_not_an_envelope_is_400(taxii: Taxii) -> None:
    hdrs = taxii.headers("dora", **{"Content-Type": MEDIA})
    for body in (b"not json", b"[1, 2]", b'{"objects": {"a": 1}}'):
        r = taxii.client.post(OBJECTS.format(NATO), content=body, headers=hdrs)
        assert r.status_code == 400, body
        assert r.headers["content-type"] == MEDIA
        assert r.json()["http_status"] == "400"


def test_media_types_406_and_415(taxii: Taxii) -> None:
    assert taxii.get("dora", ROOT, Accept="application/json").status_code == 406
    assert taxii.get("dora", ROOT, Accept="application/taxii+json;version=2.0").status_code == 406
    assert taxii.get("dora", ROOT, Accept="application/taxii+json").status_code == 200
    assert taxii.get("dora", ROOT, Accept="*/*").status_code == 200
    r = taxii.post("dora", NATO, [indicator(1)], **{"Content-Type": "application/json"})
    assert r.status_code == 415 and r.json()["http_status"] == "415"
    r = taxii.post("dora", NATO, [indicator(1)], Accept="text/html")
    assert r.status_code == 406
    assert taxii.objects("dora", NATO).json() == {"more": False}


def test_body_over_max_content_length_is_413(taxii: Taxii) -> None:
    taxii.app.state.taxii.max_content_length = 2000
    r = taxii.post("dora", NATO, [indicator(n) for n in range(20)])
    assert r.status_code == 413 and r.json()["http_status"] == "413"

    def chunks() -> Any:  # no Content-Length: the limit is enforced while reading
        for _ in range(10):
            yield b" " * 500

    hdrs = taxii.headers("dora", **{"Content-Type": MEDIA})
    assert (
        taxii.client.post(OBJECTS.format(NATO), content=chunks(), headers=hdrs).status_code == 413
    )
    assert taxii.get("dora", ROOT).json()["max_content_length"] == 2000


def test_unknown_paths_and_methods(taxii: Taxii) -> None:
    r = taxii.get("dora", "/taxii2/elsewhere/")
    assert r.status_code == 404 and r.headers["content-type"] == MEDIA
    put = taxii.client.put(ROOT + "collections/", headers=taxii.headers("dora"))
    assert put.status_code == 405 and put.json()["http_status"] == "405"
    slashless = taxii.client.get(ROOT + "collections", headers=taxii.headers("dora"),
                                 follow_redirects=False)  # fmt: skip
    assert slashless.status_code == 308
    assert slashless.headers["location"].endswith("/taxii2/desk/collections/")


# --- authentication and roles -----------------------------------------------------------


def _basic(user: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


def test_missing_or_wrong_credentials_get_401_with_a_basic_challenge(taxii: Taxii) -> None:
    wrong = [
        None,
        "Bearer bct_not-a-token",
        _basic("dora", "not her password"),
        _basic("rita", taxii.tokens["dora"]),  # someone else's token
        "Digest whatever",
    ]
    for header in wrong:
        hdrs = {"Accept": MEDIA} | ({"Authorization": header} if header else {})
        for path in ("/taxii2/", ROOT + "collections/", OBJECTS.format(NATO)):
            r = taxii.client.get(path, headers=hdrs)
            assert r.status_code == 401, (header, path)
            assert r.headers["www-authenticate"] == 'Basic realm="bucarest"'
            assert r.json()["http_status"] == "401" and r.headers["content-type"] == MEDIA
    r = taxii.client.post(OBJECTS.format(NATO), json={"objects": [indicator(1)]},
                          headers={"Content-Type": MEDIA, "Accept": MEDIA})  # fmt: skip
    assert r.status_code == 401


def test_basic_with_password_or_token_and_bearer(taxii: Taxii) -> None:
    for header in (_basic("dora", PASSWORD), _basic("dora", taxii.tokens["dora"]),
                   f"Bearer {taxii.tokens['dora']}"):  # fmt: skip
        r = taxii.client.get(
            ROOT + "collections/", headers={"Accept": MEDIA, "Authorization": header}
        )
        assert r.status_code == 200, header


def test_reader_may_read_but_not_write(taxii: Taxii) -> None:
    taxii.add("dora", NATO, [indicator(1)])
    assert len(taxii.objects("rita", NATO).json()["objects"]) == 1
    r = taxii.post("rita", NATO, [indicator(2)])
    assert r.status_code == 403 and r.json()["http_status"] == "403"
    assert len(taxii.objects("dora", NATO).json()["objects"]) == 1


def test_tlp_amber_collection_is_hidden_from_readers(taxii: Taxii) -> None:
    taxii.add("dora", NATO_AMBER, [indicator(1)])
    assert len(taxii.objects("fabien", NATO_AMBER).json()["objects"]) == 1
    aliases = {c["alias"] for c in taxii.get("rita", ROOT + "collections/").json()["collections"]}
    assert "nato-amber" not in aliases
    for path in ("", "objects/", "manifest/", f"objects/{indicator(1)['id']}/"):
        assert taxii.get("rita", ROOT + f"collections/{NATO_AMBER}/{path}").status_code == 404
    assert taxii.post("rita", NATO_AMBER, [indicator(2)]).status_code == 404


def test_partner_cannot_write_into_allied_collection(taxii: Taxii) -> None:
    """Being the originator of a record is enough to read it back; it must not be enough
    to write into a community one does not belong to."""
    r = taxii.post("anna", NATO, [indicator(1)])
    assert r.status_code == 404
    assert taxii.objects("dora", NATO).json() == {"more": False}
    assert taxii.post("anna", ICI, [indicator(1)]).status_code == 404


# --- security: named after the flaws of the anchors ------------------------------------


def test_next_token_is_bound_to_its_user(taxii: Taxii) -> None:
    taxii.add("dora", NATO, [indicator(n) for n in range(6)])
    nxt = taxii.objects("dora", NATO, limit=2).json()["next"]
    assert taxii.objects("dora", NATO, limit=2, next=nxt).status_code == 200
    stolen = taxii.objects("dirk", NATO, limit=2, next=nxt)
    assert stolen.status_code == 400 and stolen.json()["http_status"] == "400"


def test_next_token_is_bound_to_its_query(taxii: Taxii) -> None:
    taxii.add("dora", NATO, [indicator(n) for n in range(6)] + [malware(1)])
    nxt = taxii.objects("dora", NATO, limit=2).json()["next"]
    assert (
        taxii.objects("dora", NATO, limit=2, next=nxt, **{"match[type]": "malware"}).status_code
        == 400
    )
    assert (
        taxii.objects(
            "dora", NATO, limit=2, next=nxt, added_after="2020-01-01T00:00:00Z"
        ).status_code
        == 400
    )
    assert taxii.objects("dora", NATO_AMBER, limit=2, next=nxt).status_code == 400
    manifest = taxii.get("dora", ROOT + f"collections/{NATO}/manifest/", {"limit": 2, "next": nxt})
    assert manifest.status_code == 400
    assert taxii.objects("dora", NATO, limit=2, next=nxt[:-2] + "AA").status_code == 400
    assert taxii.objects("dora", NATO, limit=3, next=nxt).status_code == 200  # limit may change


def test_a_next_token_finds_what_is_added_after_the_newest_objects_were_deleted(
    taxii: Taxii,
) -> None:
    """A ``next`` token stands after a row's number; SQLite used to give the number of a
    deleted newest row to the next row, which then fell behind the token, unseen."""
    objs = [indicator(n) for n in range(3)]
    taxii.add("dora", NATO, objs)
    first = taxii.objects("dora", NATO, limit=2).json()
    assert _ids(first["objects"]) == _ids(objs[:2])
    for obj in objs[1:]:
        path = OBJECTS.format(NATO) + obj["id"] + "/"
        assert taxii.client.delete(path, headers=taxii.headers("dora")).status_code == 200
    taxii.add("dora", NATO, [indicator(10)])
    rest = taxii.objects("dora", NATO, limit=2, next=first["next"]).json()
    assert _ids(rest.get("objects", [])) == [indicator(10)["id"]]


def test_denied_objects_do_not_count_in_pages(taxii: Taxii) -> None:
    """Objects a reader may not read (here: restricted to AMBER+STRICT after they were
    shared) are filtered before the page is cut: pages stay full, ``more`` tells the truth,
    and a denied object answers 404 like a missing one."""
    objs = [indicator(n) for n in range(20)]
    taxii.add("fabien", NATO, objs)
    hidden = [o["id"] for o in objs[::2]]
    db = taxii.app.state.db
    with db.session() as s:
        s.execute(update(DeskRecordTable).where(DeskRecordTable.stix_id.in_(hidden))
                  .values(tlp="amber+strict"))  # fmt: skip
    visible = [o["id"] for o in objs[1::2]]
    pages = taxii.all_pages("dora", OBJECTS.format(NATO), "objects", limit=4)
    assert [len(p) for p in pages] == [4, 4, 2]
    assert [o["id"] for p in pages for o in p] == visible
    manifest = taxii.all_pages("dora", ROOT + f"collections/{NATO}/manifest/", "objects", limit=5)
    assert [[m["id"] for m in p] for p in manifest] == [visible[:5], visible[5:]]
    assert taxii.objects("dora", NATO, limit=10).json()["more"] is False
    for path in ("", "versions/"):
        r = taxii.get("dora", OBJECTS.format(NATO) + hidden[0] + "/" + path)
        assert r.status_code == 404
    missing = "indicator--00000000-0000-4000-8000-000000000000"
    gone = taxii.get("dora", OBJECTS.format(NATO) + missing + "/").json()
    assert r.json() == {**gone, "description": gone["description"].replace(missing, hidden[0])}
    assert len(taxii.objects("fabien", NATO, limit=1000).json()["objects"]) == 20  # the originator


def test_importer_cannot_spoof_the_originator(taxii: Taxii) -> None:
    """The originator of what a poster adds is the poster's organisation, whatever the
    object says; and nobody may add versions to an object another organisation shared."""
    spoofed = indicator(1, created_by_ref="identity--0a5d4d6e-30a2-4a7c-9e0c-bb6e7d3e8d00",
                        x_bucarest_originator="DEU", x_opencti_created_by_ref="DEU")  # fmt: skip
    status = taxii.add("fabien", NATO, [spoofed])
    assert status["success_count"] == 1
    with taxii.app.state.db.session() as s:
        row = s.scalars(
            select(DeskRecordTable).where(DeskRecordTable.stix_id == spoofed["id"])
        ).one()
        assert (row.originator, row.author, row.kind) == ("FRA", "fabien", "indicator")
        assert row.collection == NATO and row.frameworks == ",nato," and row.tlp == "green"
    takeover = indicator(1, modified="2026-03-01T00:00:00.000Z", name="hijacked")
    status = taxii.add("dora", NATO, [takeover])
    assert status["failure_count"] == 1
    assert "only its originator may add versions" in status["failures"][0]["message"]
    last = taxii.get("dora", OBJECTS.format(NATO) + spoofed["id"] + "/").json()["objects"]
    assert [o["name"] for o in last] == ["indicator 1"]
    # and only the originator's analysts may delete it
    path = OBJECTS.format(NATO) + spoofed["id"] + "/"
    assert taxii.client.delete(path, headers=taxii.headers("dora")).status_code == 403
    assert taxii.client.delete(path, headers=taxii.headers("rita")).status_code == 403
    assert taxii.client.delete(path, headers=taxii.headers("fabien")).status_code == 200
    assert taxii.get("fabien", path).status_code == 404


def test_object_marked_more_restricted_than_its_collection_is_refused(taxii: Taxii) -> None:
    """Posting an object marked TLP:AMBER into a TLP:GREEN collection would share it wider
    than its author said."""
    amber = indicator(
        1, object_marking_refs=["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"]
    )
    amber1 = indicator(
        2, object_marking_refs=["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"]
    )
    status = taxii.add("dora", NATO, [amber, amber1])
    assert status["failure_count"] == 2
    assert "TLP:AMBER" in status["failures"][0]["message"]
    assert taxii.add("dora", NATO_AMBER, [amber, amber1])["success_count"] == 2


RED_2 = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
STRICT_2 = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
GREEN_2 = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"


def test_a_field_marked_more_restricted_than_its_collection_is_refused(taxii: Taxii) -> None:
    """A granular marking makes one field TLP:RED (or AMBER+STRICT): stored in a collection
    that gives the whole object to more readers, that field would go to them too. The
    object is refused, with the field and the label named in the status."""
    red_field = indicator(1, description="who told us",
                          granular_markings=[{"marking_ref": RED_2, "selectors": ["description"]}])  # fmt: skip
    strict_field = indicator(2, description="our sensor",
                             granular_markings=[{"marking_ref": STRICT_2, "selectors": ["description", "name"]}])  # fmt: skip
    green_field = indicator(3, description="public",
                            granular_markings=[{"marking_ref": GREEN_2, "selectors": ["description"]}])  # fmt: skip
    lang_only = indicator(4, granular_markings=[{"lang": "fr", "selectors": ["name"]}])
    status = taxii.add("dora", NATO, [red_field, strict_field, green_field, lang_only])
    assert (status["success_count"], status["failure_count"]) == (2, 2)
    failures = {f["id"]: f["message"] for f in status["failures"]}
    assert failures[red_field["id"]] == (
        f"STIX object {red_field['id']} marks description TLP:RED, more restricted than this "
        "collection's TLP:GREEN; expected a collection that keeps them, or the object without them"
    )
    assert "marks description, name TLP:AMBER+STRICT" in failures[strict_field["id"]]
    assert {s["id"] for s in status["successes"]} == {green_field["id"], lang_only["id"]}
    stored = taxii.objects("fabien", NATO).json()["objects"]
    assert _ids(stored) == [green_field["id"], lang_only["id"]]
    # AMBER+STRICT is stricter than the AMBER collection too; the object-level rule holds
    assert taxii.add("dora", NATO_AMBER, [strict_field])["failure_count"] == 1


def test_a_bundle_posted_as_an_object_is_refused(taxii: Taxii) -> None:
    """The STIX library parses a bundle like any object: it was stored as one indicator,
    with the objects inside it unchecked (a TLP:RED one shared TLP:GREEN)."""
    inner = indicator(1, object_marking_refs=[RED_2])
    wrapped = {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
               "spec_version": "2.1", "objects": [inner]}  # fmt: skip
    status = taxii.add("dora", NATO, [wrapped, indicator(2)])
    assert (status["success_count"], status["failure_count"]) == (1, 1)
    assert status["failures"][0] == {
        "id": wrapped["id"], "version": "",
        "message": f"STIX object {wrapped['id']} is a bundle, which only carries other objects; "
                   "expected its objects themselves, each on its own",
    }  # fmt: skip
    assert _ids(taxii.objects("fabien", NATO).json()["objects"]) == [indicator(2)["id"]]


def test_a_note_on_another_organisations_object_stays_its_authors(taxii: Taxii) -> None:
    """A French note (or opinion) on a German indicator is France's: recorded as France's,
    replaced and deleted by France only; Germany, the indicator's owner, cannot take it over."""
    target = indicator(1)
    taxii.add("dora", NATO, [target])
    stamp = "2026-02-01T00:00:00.000Z"
    note = {"type": "note", "spec_version": "2.1", "id": "note--0f4cf8b4-2d6e-4a4f-a8b6-3c4b0c7e4a11",
            "created": stamp, "modified": stamp, "content": "seen in Lyon too",
            "object_refs": [target["id"]]}  # fmt: skip
    opinion = {"type": "opinion", "spec_version": "2.1", "id": "opinion--7c1e2b8e-0c0a-4a51-9d4e-2f0d1a3b5c66",
               "created": stamp, "modified": stamp, "opinion": "agree",
               "object_refs": [target["id"]]}  # fmt: skip
    assert taxii.add("fabien", NATO, [note, opinion])["success_count"] == 2
    with taxii.app.state.db.session() as s:
        rows = s.scalars(select(DeskRecordTable).where(
            DeskRecordTable.stix_id.in_([note["id"], opinion["id"]]))).all()  # fmt: skip
        assert {(r.originator, r.author) for r in rows} == {("FRA", "fabien")}
    later = "2026-03-01T00:00:00.000Z"
    takeover = {**note, "modified": later, "content": "nothing to see"}
    refused = taxii.add("dora", NATO, [takeover])
    assert refused["failure_count"] == 1
    assert "only its originator may add versions" in refused["failures"][0]["message"]
    for obj in (note, opinion):
        path = OBJECTS.format(NATO) + obj["id"] + "/"
        assert taxii.client.delete(path, headers=taxii.headers("dora")).status_code == 403
    replaced = {**note, "modified": later, "content": "seen in Lyon and Lille"}
    assert taxii.add("fabien", NATO, [replaced])["success_count"] == 1
    last = taxii.get("dora", OBJECTS.format(NATO) + note["id"] + "/").json()["objects"]
    assert [o["content"] for o in last] == ["seen in Lyon and Lille"]
    for obj in (note, opinion):
        path = OBJECTS.format(NATO) + obj["id"] + "/"
        assert taxii.client.delete(path, headers=taxii.headers("fabien")).status_code == 200
    assert _ids(taxii.objects("dora", NATO).json()["objects"]) == [target["id"]]


def test_status_of_another_user_is_404(taxii: Taxii) -> None:
    status = taxii.add("dora", NATO, [indicator(1)])
    path = ROOT + f"status/{status['id']}/"
    mine = taxii.get("dora", path)
    assert mine.status_code == 200 and mine.json() == status
    assert taxii.get("dora", path.rstrip("/")).json() == status  # as taxii2-client asks
    assert taxii.get("dirk", path).status_code == 404  # same organisation, other user
    assert taxii.get("anna", path).status_code == 404
    other = taxii.get("dirk", path).json()
    nope = taxii.get("dirk", ROOT + "status/nope/").json()
    assert other == {**nope, "description": nope["description"].replace("nope", status["id"])}


def test_status_is_kept_at_least_24_hours(taxii: Taxii) -> None:
    status = taxii.add("dora", NATO, [indicator(1)])
    later = datetime.now(UTC) + timedelta(hours=25)
    taxii.set_clock(lambda: later)
    taxii.add("dora", NATO, [indicator(2)])  # writing purges expired statuses
    assert taxii.get("dora", ROOT + f"status/{status['id']}/").status_code == 200


def test_every_request_is_audited(taxii: Taxii) -> None:
    taxii.add("dora", NATO, [indicator(1), indicator(2)])
    taxii.objects("dora", NATO)
    taxii.objects("anna", NATO)
    entries = [(e.actor, e.action, e.target, e.allowed, e.reason) for e in _audit(taxii.app)]
    assert ("dora", "taxii-add", f"collection:{NATO}", True, "added 2 of 2, 0 refused") in entries
    assert ("dora", "taxii-read", f"collection:{NATO}", True, "objects: returned 2") in entries
    denied = [e for e in entries if e[0] == "anna" and e[2] == f"collection:{NATO}"]
    assert denied and denied[-1][3] is False and "not releasable to AUT" in denied[-1][4]


def test_big_envelopes_are_checked_in_worker_processes(taxii: Taxii) -> None:
    objs = [indicator(n) for n in range(validation.POOL_THRESHOLD)]
    broken = indicator(10_000)
    broken["pattern"] = "[ipv4-addr:value = "
    status = taxii.add("dora", NATO, [*objs, broken])
    assert status["success_count"] == len(objs) and status["failure_count"] == 1
    assert validation._POOL is not None  # the pool did the work
    pages = taxii.all_pages("dora", OBJECTS.format(NATO), "objects", limit=1000)
    assert len(pages[0]) == len(objs)


def test_round_trip_on_each_database(db_url: str) -> None:
    """The queries of the TAXII store (paging, versions, dates, bulk insert, delete) on
    SQLite and on PostgreSQL."""
    app = create_app(db_url)
    db = app.state.db
    with db.session() as s:
        desk = Desk(s, load_embedded_registry(), db)
        desk.accounts.create_user("dora", "DEU", {Role.ANALYST}, password=PASSWORD)
        desk.accounts.create_user("fabien", "FRA", {Role.ANALYST}, password=PASSWORD)
        tokens = {
            "dora": desk.accounts.create_token("dora"),
            "fabien": desk.accounts.create_token("fabien"),
        }
    taxii = Taxii(app, Template(Path("unused"), tokens))
    objs = [indicator(n) for n in range(5)]
    taxii.add("dora", NATO, objs)
    mark = taxii.objects("dora", NATO).headers["X-TAXII-Date-Added-Last"]
    v2 = indicator(0, modified="2026-02-01T00:00:00.000Z", name="revised")
    taxii.add("dora", NATO, [v2, malware(1)])
    pages = taxii.all_pages("fabien", OBJECTS.format(NATO), "objects", limit=2)
    assert [len(p) for p in pages] == [2, 2, 2]
    assert [o["id"] for p in pages for o in p] == _ids(objs[1:]) + [v2["id"], malware(1)["id"]]
    after = taxii.objects("fabien", NATO, added_after=mark).json()["objects"]
    assert _ids(after) == [v2["id"], malware(1)["id"]]
    first = taxii.objects("fabien", NATO, **{"match[id]": v2["id"], "match[version]": "first"})
    assert [o["name"] for o in first.json()["objects"]] == ["indicator 0"]
    versions = taxii.get("fabien", OBJECTS.format(NATO) + v2["id"] + "/versions/").json()
    assert len(versions["versions"]) == 2
    assert taxii.client.delete(OBJECTS.format(NATO) + v2["id"] + "/",
                               headers=taxii.headers("dora")).status_code == 200  # fmt: skip
    assert taxii.get("fabien", OBJECTS.format(NATO) + v2["id"] + "/").status_code == 404
    db.dispose()
