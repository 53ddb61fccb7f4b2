"""Writing output files from the CLI without ever leaving a half-written one behind."""

from __future__ import annotations

from pathlib import Path

from bucarest.core.errors import N_, InvalidInputError

__all__ = ["write_atomic"]


def write_atomic(out: Path, content: str | bytes) -> None:
    """Write ``content`` to ``out`` through a temporary sibling renamed into place.

    Example::

        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> write_atomic(d / "a.txt", "hello")
        >>> (d / "a.txt").read_text(), sorted(p.name for p in d.iterdir())
        ('hello', ['a.txt'])

    Raises :class:`InvalidInputError` (one line, with the system's reason) when the file
    cannot be written; the temporary file is removed.
    """
    tmp = out.with_name(out.name + ".part")
    try:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            tmp.write_text(content, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInputError(
            N_("cannot write '{path}' ({reason})"), path=str(out), reason=exc.strerror or ""
        ) from None
