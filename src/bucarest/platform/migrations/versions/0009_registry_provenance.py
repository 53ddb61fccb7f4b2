"""Registry provenance: structured citations, a confidence level and French notes.

Frameworks and accession events had one free-text ``source``; memberships a list of
free-text ``sources``. Each free text becomes one citation, the way a user's typed source
is read today (a link: issued by its site; other text: its title, issued by
"user-entered"). Rows loaded from the shipped data (``origin = 'embedded'``, and every
framework) are left with no ``confidence`` (NULL): the next start or ``bucarest data load``
replaces their citations and notes by the shipped ones (decision "Registry provenance").
Rows users wrote get ``secondary``. ``note_fr`` is added, empty.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _citation(text: str) -> dict[str, str]:
    """A free-text source as one citation (frozen copy of registry.domain.user_citation)."""
    text = text.strip()
    if text.startswith(("https://", "http://")) and " " not in text:
        host = text.split("/")[2].removeprefix("www.")
        return {"title": text, "issuer": host, "url": text}
    return {"title": text or "-", "issuer": "user-entered"}


def _text(citations: Any) -> str:
    """The free text a list of citations came from (for the downgrade)."""
    return " ; ".join(str(c.get("url") or c.get("title")) for c in citations or [])


def upgrade() -> None:
    bind = op.get_bind()
    for table in ("frameworks", "accession_events"):
        op.add_column(table, sa.Column("sources", sa.JSON(), nullable=True))
    for table in ("frameworks", "memberships", "accession_events"):
        op.add_column(table, sa.Column("confidence", sa.String(16), nullable=True))
        op.add_column(
            table, sa.Column("note_fr", sa.Text(), nullable=False, server_default=sa.text("''"))
        )

    frameworks = sa.table(
        "frameworks", sa.column("id", sa.String), sa.column("source", sa.Text),
        sa.column("sources", sa.JSON),
    )  # fmt: skip
    for fid, source in bind.execute(sa.select(frameworks.c.id, frameworks.c.source)).all():
        bind.execute(
            frameworks.update().where(frameworks.c.id == fid).values(sources=[_citation(source)])
        )
    events = sa.table(
        "accession_events", sa.column("id", sa.Integer), sa.column("source", sa.Text),
        sa.column("sources", sa.JSON), sa.column("confidence", sa.String),
        sa.column("origin", sa.String),
    )  # fmt: skip
    for eid, source, origin in bind.execute(
        sa.select(events.c.id, events.c.source, events.c.origin)
    ).all():
        bind.execute(
            events.update().where(events.c.id == eid).values(
                sources=[_citation(source)],
                confidence=None if origin == "embedded" else "secondary",
            )
        )  # fmt: skip
    memberships = sa.table(
        "memberships", sa.column("id", sa.Integer), sa.column("sources", sa.JSON),
        sa.column("confidence", sa.String), sa.column("origin", sa.String),
    )  # fmt: skip
    for mid, sources, origin in bind.execute(
        sa.select(memberships.c.id, memberships.c.sources, memberships.c.origin)
    ).all():
        bind.execute(
            memberships.update().where(memberships.c.id == mid).values(
                sources=[_citation(s) if isinstance(s, str) else s for s in sources or []],
                confidence=None if origin == "embedded" else "secondary",
            )
        )  # fmt: skip
    # SQLite (3.35+) and PostgreSQL both drop a plain column in place; no batch copy, which
    # the foreign keys to frameworks would refuse.
    op.drop_column("frameworks", "source")
    op.drop_column("accession_events", "source")


def downgrade() -> None:
    bind = op.get_bind()
    for table in ("frameworks", "accession_events"):
        op.add_column(
            table, sa.Column("source", sa.Text(), nullable=False, server_default=sa.text("''"))
        )
        t = sa.table(table, sa.column("id"), sa.column("sources", sa.JSON),
                     sa.column("source", sa.Text))  # fmt: skip
        for rid, sources in bind.execute(sa.select(t.c.id, t.c.sources)).all():
            bind.execute(t.update().where(t.c.id == rid).values(source=_text(sources)))
        op.drop_column(table, "sources")
    m = sa.table("memberships", sa.column("id"), sa.column("sources", sa.JSON))
    for rid, sources in bind.execute(sa.select(m.c.id, m.c.sources)).all():
        flat = [str(c.get("url") or c.get("title")) if isinstance(c, dict) else c for c in sources]
        bind.execute(m.update().where(m.c.id == rid).values(sources=flat))
    for table in ("frameworks", "memberships", "accession_events"):
        op.drop_column(table, "note_fr")
        op.drop_column(table, "confidence")
