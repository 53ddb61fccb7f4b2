"""The TAXII 2.1 server: helpers shared by the server and client tests.

A template database (migrated, loaded, with the accounts below and a token each) is built
once per test session; each test serves a copy of it, so no test waits for argon2.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bucarest.app import open_store
from bucarest.core.identity import Role
from bucarest.desk.store.records import Desk
from bucarest.registry.data import load_embedded_registry

PASSWORD = "correct horse battery staple"
MEDIA = "application/taxii+json;version=2.1"
ROOT = "/taxii2/desk/"

#: The collections' fixed ids (see bucarest.desk.taxii.collections).
NATO = "6d35bb5f-bd24-43db-a01a-e32ae057bf33"
NATO_AMBER = "edfeca01-9a78-4e82-bf9e-396fd20c51d8"
EAPC = "3f37e41f-fa74-4ef9-b7fc-2131cc71b011"
MD = "0e5d5835-e135-443a-b6f1-2e66ce02a73b"
ICI = "35e16cb3-cab1-4764-8d41-35e827f2854d"

#: user name: (organisation, roles)
ACCOUNTS: dict[str, tuple[str, frozenset[Role]]] = {
    "dora": ("DEU", frozenset({Role.ANALYST})),
    "dirk": ("DEU", frozenset({Role.ANALYST})),
    "rita": ("DEU", frozenset({Role.READER})),
    "fabien": ("FRA", frozenset({Role.ANALYST})),
    "anna": ("AUT", frozenset({Role.ANALYST})),
    "arben": ("ALB", frozenset({Role.ANALYST})),
}

_NS = uuid.UUID("0c9d3f52-6f1e-4a55-9a57-2008b0c4a7e5")


@dataclass(frozen=True)
class Template:
    """A prepared database file and the token of each account."""

    path: Path
    tokens: dict[str, str]

    def copy(self, folder: Path) -> str:
        """A fresh copy of the database in ``folder``; its SQLite URL."""
        target = folder / "taxii.sqlite3"
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"


def build_template(folder: Path) -> Template:
    """Migrate a database in ``folder`` and create the accounts, with a token each."""
    path = folder / "template.sqlite3"
    db = open_store(f"sqlite:///{path}")
    tokens: dict[str, str] = {}
    with db.session() as s:
        desk = Desk(s, load_embedded_registry(), db)
        for name, (org, roles) in ACCOUNTS.items():
            desk.accounts.create_user(name, org, roles, password=PASSWORD)
            tokens[name] = desk.accounts.create_token(name, "taxii tests")
    db.dispose()
    return Template(path, tokens)


def indicator(n: int, modified: str = "2026-01-01T00:00:00.000Z", **extra: Any) -> dict[str, Any]:
    """A valid STIX 2.1 indicator, the same id for the same ``n``."""
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--{uuid.uuid5(_NS, str(n))}",
        "created": "2026-01-01T00:00:00.000Z",
        "modified": modified,
        "name": f"indicator {n}",
        "pattern": f"[ipv4-addr:value = '198.51.100.{n % 250}']",
        "pattern_type": "stix",
        "valid_from": "2026-01-01T00:00:00Z",
        **extra,
    }


def malware(n: int) -> dict[str, Any]:
    """A valid STIX 2.1 malware object."""
    return {
        "type": "malware",
        "spec_version": "2.1",
        "id": f"malware--{uuid.uuid5(_NS, f'malware {n}')}",
        "created": "2026-01-01T00:00:00.000Z",
        "modified": "2026-01-01T00:00:00.000Z",
        "name": f"malware {n}",
        "is_family": False,
    }
