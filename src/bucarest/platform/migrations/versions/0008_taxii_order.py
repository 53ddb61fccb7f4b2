"""TAXII ``date_added`` in commit order, from a clock per collection kept in the database.

``taxii_clocks`` holds the last ``date_added`` given in each collection, seeded with the
newest one stored. On SQLite, ``desk_records`` is rebuilt with ``AUTOINCREMENT`` so that the
number of a deleted row is never given again (a ``next`` cursor stands after a number).

Owners: ``desk_records.owner`` is the organisation that may change a record, its author's;
a child record written by another organisation than its parent's used to take the parent's
as its originator, and with it the right to change it. Children are given back to their
authors' organisations.

Granular markings: an indicator stored before they were checked may mark some of its fields
more strictly than its record; such a record takes the strictest label found, so that only
those who may read every field get the object (a TLP:RED one: its author only, as no
recipients were named).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: TLP 1.0 and OASIS TLP 2.0 marking definitions, as this revision knew them.
_TLP_OF_REF = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "clear",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": "clear",
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": "green",
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": "amber",
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": "amber+strict",
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": "red",
}
_RANK = {"clear": 0, "green": 1, "amber": 2, "amber+strict": 3, "red": 4}


def _strictest_granular(fields: object) -> str | None:
    if isinstance(fields, str):
        fields = json.loads(fields)
    stix = fields.get("stix") if isinstance(fields, dict) else None
    markings = stix.get("granular_markings") if isinstance(stix, dict) else None
    labels = [
        _TLP_OF_REF[m["marking_ref"]]
        for m in (markings if isinstance(markings, list) else [])
        if isinstance(m, dict) and m.get("marking_ref") in _TLP_OF_REF
    ]
    return max(labels, key=_RANK.__getitem__) if labels else None


def _tighten_granular_markings() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT seq, tlp, fields FROM desk_records WHERE kind = 'indicator'"
            " AND CAST(fields AS TEXT) LIKE '%granular_markings%'"
        )
    ).all()
    for seq, tlp, fields in rows:
        label = _strictest_granular(fields)
        if label is not None and _RANK[label] > _RANK.get(tlp, 0):
            conn.execute(
                sa.text("UPDATE desk_records SET tlp = :tlp WHERE seq = :seq"),
                {"tlp": label, "seq": seq},
            )


def upgrade() -> None:
    op.create_table(
        "taxii_clocks",
        sa.Column("collection", sa.String(64), primary_key=True),
        sa.Column("last_added", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        sa.text(
            "INSERT INTO taxii_clocks (collection, last_added)"
            " SELECT collection, MAX(created_at) FROM desk_records"
            " WHERE collection IS NOT NULL GROUP BY collection"
        )
    )
    op.add_column("desk_records", sa.Column("owner", sa.String(8), nullable=True))
    op.execute(sa.text("UPDATE desk_records SET owner = originator"))
    op.execute(
        sa.text(
            "UPDATE desk_records SET owner = (SELECT u.organisation FROM desk_users u"
            " WHERE u.username = desk_records.author) WHERE parent_id IS NOT NULL"
            " AND EXISTS (SELECT 1 FROM desk_users u WHERE u.username = desk_records.author)"
        )
    )
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "desk_records", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch:
            batch.alter_column("owner", existing_type=sa.String(8), nullable=False)
    else:
        op.alter_column("desk_records", "owner", existing_type=sa.String(8), nullable=False)
    _tighten_granular_markings()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "desk_records", recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ) as batch:
            batch.drop_column("owner")
    else:
        op.drop_column("desk_records", "owner")
    op.drop_table("taxii_clocks")
