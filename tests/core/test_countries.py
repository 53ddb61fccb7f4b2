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
