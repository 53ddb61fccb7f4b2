"""English and French message catalogues.

Source strings are English and are marked in code with :func:`N_` (deferred) or
translated at once with :func:`gettext`; templates use ``{% trans %}`` / ``_()``.
The catalogues are gettext ``.po`` files under ``bucarest/locale/<lang>/LC_MESSAGES``,
extracted with ``make messages`` and read at run time with Babel, so no compile
step can be forgotten.

Example::

    >>> gettext("Legend", "fr")
    'Légende'
    >>> gettext("Legend", "en")
    'Legend'
"""

from __future__ import annotations

import functools
from importlib import resources

from babel.messages.pofile import read_po

from bucarest.core.errors import N_, InvalidInputError

__all__ = ["DEFAULT_LANG", "LANGUAGES", "N_", "catalogue", "check_lang", "gettext", "ngettext"]

LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANG = "en"


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise a one-line error naming the choices."""
    if lang not in LANGUAGES:
        raise InvalidInputError(
            N_("unknown language '{lang}'; expected one of {choices}"),
            lang=lang,
            choices=", ".join(LANGUAGES),
        )
    return lang


@functools.lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> dict[str, str | tuple[str, ...]]:
    """The translations of ``lang`` as ``{msgid: msgstr}`` (plural forms as tuples)."""
    path = resources.files("bucarest") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    table: dict[str, str | tuple[str, ...]] = {}
    for msg in cat:
        if not msg.id or msg.fuzzy:
            continue
        key = msg.id[0] if isinstance(msg.id, tuple | list) else msg.id
        if isinstance(msg.string, tuple | list):
            if all(msg.string):
                table[key] = tuple(msg.string)
        elif msg.string:
            table[key] = msg.string
    return table


def gettext(message: str, lang: str) -> str:
    """``message`` translated into ``lang``; the English source when no translation exists."""
    found = catalogue(lang).get(message) if lang in LANGUAGES else None
    return found if isinstance(found, str) else message


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    """Plural-aware translation (French treats 0 and 1 as singular)."""
    found = catalogue(lang).get(singular) if lang in LANGUAGES else None
    if isinstance(found, tuple):
        return found[0] if (n <= 1 if lang == "fr" else n == 1) else found[1]
    return singular if n == 1 else plural
