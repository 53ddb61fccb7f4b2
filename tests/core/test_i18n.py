"""The catalogues: up to date with the code, and French complete."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bucarest.core.errors import InvalidInputError
from bucarest.core.i18n import check_lang, gettext, ngettext
from tests.paths import SRC

LOCALE = SRC / "locale"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def source_messages() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(SRC.parent), method_map=method_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue_ids(path: Path) -> dict[str, object]:
    with path.open("rb") as fh:
        cat = read_po(fh)
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m.string for m in cat if m.id}


def test_template_is_up_to_date_with_the_code() -> None:
    pot = set(catalogue_ids(LOCALE / "messages.pot"))
    missing = source_messages() - pot
    assert not missing, f"run 'make messages': {sorted(missing)[:5]}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_message_is_in_each_catalogue(lang: str) -> None:
    ids = catalogue_ids(LOCALE / lang / "LC_MESSAGES" / "messages.po")
    assert not (source_messages() - set(ids))


def test_french_is_complete() -> None:
    ids = catalogue_ids(LOCALE / "fr" / "LC_MESSAGES" / "messages.po")
    untranslated = sorted(
        k
        for k in source_messages()
        if not ids.get(k) or (isinstance(ids[k], tuple) and not all(ids[k]))
    )
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"


def test_placeholders_survive_translation() -> None:
    import re

    ids = catalogue_ids(LOCALE / "fr" / "LC_MESSAGES" / "messages.po")
    for msgid, msgstr in ids.items():
        if isinstance(msgstr, str) and msgstr:
            assert set(re.findall(r"{(\w+)}", msgid)) == set(re.findall(r"{(\w+)}", msgstr)), msgid


def test_lookup_and_fallback() -> None:
    assert gettext("Members", "fr") != "Members" or "Members" not in source_messages()
    assert gettext("no such message anywhere", "fr") == "no such message anywhere"
    assert ngettext("{n} day", "{n} days", 2, "en") == "{n} days"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="expected one of en, fr"):
        check_lang("de")
