import pytest

from bucarest.core.countries import all_countries, country, normalise_code
from bucarest.core.errors import UnknownCountryError


def test_names_in_english_and_french() -> None:
    assert country("DEU").name("en") == "Germany"
    assert country("DEU").name("fr") == "Allemagne"
    assert country("mlt").name("fr") == "Malte"


def test_kosovo_uses_xkx() -> None:
    assert country("XKX").name("en") == "Kosovo"
    assert "XKX" in {c.code for c in all_countries()}


def test_unknown_code_suggests_close_matches() -> None:
    with pytest.raises(UnknownCountryError) as info:
        normalise_code("FRN")
    assert "FRA" in info.value.suggestions
    assert "expected ISO 3166-1 alpha-3" in str(info.value)


def test_a_name_typed_as_a_code_suggests_the_code() -> None:
    with pytest.raises(UnknownCountryError) as info:
        normalise_code("Albania")
    assert info.value.suggestions[0] == "ALB"


def test_error_message_translates_to_french() -> None:
    with pytest.raises(UnknownCountryError) as info:
        normalise_code("XX")
    assert "pays" in info.value.translated("fr")


# --- dated names -----------------------------------------------------------------------------

from datetime import date, timedelta  # noqa: E402

from bucarest.core.countries import country_name, dated_names  # noqa: E402
from bucarest.core.provenance import working_note_in  # noqa: E402


@pytest.mark.parametrize(
    ("code", "day", "lang", "name"),
    [
        ("MKD", date(2008, 4, 3), "en", "the former Yugoslav Republic of Macedonia"),
        ("MKD", date(2008, 4, 3), "fr", "l'ex-République yougoslave de Macédoine"),
        ("MKD", date(2019, 2, 11), "en", "the former Yugoslav Republic of Macedonia"),
        ("MKD", date(2019, 2, 12), "en", "North Macedonia"),
        ("MKD", date(2020, 3, 27), "fr", "Macédoine du Nord"),
        ("TUR", date(2008, 4, 3), "en", "Turkey"),
        ("TUR", date(2022, 5, 31), "fr", "Turquie"),
        ("TUR", date(2022, 6, 1), "en", "Türkiye"),
        ("SWZ", date(2018, 4, 18), "en", "Swaziland"),
        ("SWZ", date(2018, 4, 19), "en", "Eswatini"),
        ("CZE", date(2008, 4, 3), "fr", "République tchèque"),
        ("BIH", date(2008, 4, 3), "en", "Bosnia and Herzegovina"),
        ("FRA", date(2008, 4, 3), "fr", "France"),  # not in the table: the CLDR name
        ("mkd", date(1995, 11, 15), "en", "the former Yugoslav Republic of Macedonia"),
    ],
)
def test_country_name_on_a_date(code: str, day: date, lang: str, name: str) -> None:
    assert country_name(code, day, lang) == name


def test_the_undated_name_is_todays() -> None:
    assert country_name("MKD") == "North Macedonia"
    assert country_name("TUR", lang="fr") == "Türkiye"
    assert country_name("DEU", lang="fr") == country("DEU").name("fr")


def test_country_name_refuses_an_unknown_code() -> None:
    with pytest.raises(UnknownCountryError):
        country_name("FRN", date(2008, 4, 3))


def test_every_dated_name_has_sources_and_no_gap_or_overlap() -> None:
    rows = dated_names()
    assert {r.code for r in rows} >= {"MKD", "TUR", "CZE", "SWZ"}
    for r in rows:
        assert r.provenance.citations, r
        for c in r.provenance.citations:
            assert working_note_in(c.title) is None
    by_code: dict[str, list] = {}
    for r in rows:
        by_code.setdefault(r.code, []).append(r)
    for code, names in by_code.items():
        # consecutive rows meet: each name ends the day the next begins, and only the last is open
        for a, b in zip(names, names[1:], strict=False):
            assert a.valid.end == b.valid.start, code
        assert names[-1].valid.end is None, code
        # on every day exactly one row holds
        for r in names:
            probe = r.valid.start if not r.open_start else date(2000, 1, 1)
            if r.valid.end is None or probe < r.valid.end:
                assert sum(n.holds_on(probe) for n in names) == 1
            if r.valid.end is not None:
                assert sum(n.holds_on(r.valid.end - timedelta(days=1)) for n in names) == 1
