"""Typed observables: each common type gives the STIX 2.1 pattern OASIS writes, the values
are normalised, bad values are refused in one line naming the field and what is expected,
quotes are escaped, and the indicators are valid STIX (the ``stix2`` library and the
``stix2-patterns`` validator)."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime

import pytest
import stix2
from hypothesis import given
from hypothesis import strategies as st
from stix2patterns.validator import validate

from bucarest.core.errors import InvalidInputError
from bucarest.desk.domain.observables import (
    ObservableType,
    indicator,
    normalise,
    observable_type,
    pattern,
    quote,
)

T0 = datetime(2008, 4, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("ipv4", "198.51.100.7", "[ipv4-addr:value = '198.51.100.7']"),
        ("ipv4", "198.51.100.0/24", "[ipv4-addr:value = '198.51.100.0/24']"),
        ("ipv6", "2001:DB8:0:0::7", "[ipv6-addr:value = '2001:db8::7']"),
        ("ipv6", "2001:db8::/32", "[ipv6-addr:value = '2001:db8::/32']"),
        ("domain", "Mail.Example.ORG.", "[domain-name:value = 'mail.example.org']"),
        ("url", "https://example.org/a?b=1", "[url:value = 'https://example.org/a?b=1']"),
        ("email", "cert@Example.org", "[email-addr:value = 'cert@example.org']"),
        ("md5", "D41D8CD98F00B204E9800998ECF8427E",
         "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"),
        ("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
         "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']"),
        ("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
         "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']"),
    ],
)  # fmt: skip
def test_each_type_gives_the_oasis_pattern(kind: str, value: str, expected: str) -> None:
    text = pattern(ObservableType(kind), value)
    assert text == expected
    assert validate(text, stix_version="2.1")


@pytest.mark.parametrize(
    ("kind", "value", "words"),
    [
        ("ipv4", "198.51.100.300", ["value", "IPv4", "198.51.100.7"]),
        ("ipv4", "198.51.100.07", ["value", "IPv4"]),
        ("ipv4", "2001:db8::1", ["value", "IPv4"]),
        ("ipv4", "198.51.100.7/24", ["value", "198.51.100.0/24"]),
        ("ipv6", "198.51.100.7", ["value", "IPv6"]),
        ("ipv6", "2001:db8::g", ["value", "IPv6"]),
        ("domain", "localhost", ["value", "domain name"]),
        ("domain", "-bad-.example.org", ["value", "domain name"]),
        ("url", "example.org/no-scheme", ["value", "URL"]),
        ("url", "https://exa mple.org/", ["value", "URL"]),
        ("email", "no-at-sign.example.org", ["value", "e-mail"]),
        ("email", "x@localhost", ["value", "e-mail"]),
        ("md5", "d41d8cd98f00b204e9800998ecf8427", ["value", "MD5", "32 hexadecimal"]),
        ("sha1", "zz39a3ee5e6b4b0d3255bfef95601890afd80709", ["value", "SHA-1", "40"]),
        ("sha256", "abc", ["value", "SHA-256", "64 hexadecimal"]),
        ("sha256", "", ["value", "SHA-256"]),
    ],
)
def test_a_bad_value_is_refused_in_one_line(kind: str, value: str, words: list[str]) -> None:
    with pytest.raises(InvalidInputError) as caught:
        pattern(ObservableType(kind), value)
    message = str(caught.value)
    assert "\n" not in message and "expected" in message
    for word in words:
        assert word in message


def test_an_unknown_type_names_the_known_ones() -> None:
    with pytest.raises(InvalidInputError, match="type: 'ipv5'.*ipv4, ipv6, domain"):
        observable_type("ipv5")
    assert observable_type(" SHA256 ") is ObservableType.SHA256


def test_quotes_and_backslashes_are_escaped() -> None:
    assert quote("o'brien") == "'o\\'brien'"
    assert quote("a\\b") == "'a\\\\b'"
    text = pattern(ObservableType.EMAIL, "o'brien@example.org")
    assert text == "[email-addr:value = 'o\\'brien@example.org']"
    assert validate(text, stix_version="2.1")
    url = pattern(ObservableType.URL, "https://example.org/?q=it's\\here")
    assert url == "[url:value = 'https://example.org/?q=it\\'s\\\\here']"
    assert validate(url, stix_version="2.1")


def test_the_indicator_is_valid_stix_built_by_the_library() -> None:
    obj = indicator(ObservableType.SHA256, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                    T0, name="Dropper")  # fmt: skip
    parsed = stix2.parse(obj, version="2.1")
    assert parsed.type == "indicator" and parsed.name == "Dropper"
    assert parsed.pattern_type == "stix"
    assert obj["valid_from"] == "2008-04-03T09:00:00Z"
    assert obj["pattern"].endswith(
        "'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']"
    )
    unnamed = indicator(ObservableType.DOMAIN, "Evil.Example.org", T0)
    assert unnamed["name"] == "evil.example.org"


# --- invariants -----------------------------------------------------------------------------


@given(st.ip_addresses(v=4))
def test_every_ipv4_address_round_trips(address: ipaddress.IPv4Address) -> None:
    text = pattern(ObservableType.IPV4, str(address))
    assert text == f"[ipv4-addr:value = '{address}']"
    assert ipaddress.ip_address(normalise(ObservableType.IPV4, str(address))) == address


@given(st.ip_addresses(v=6))
def test_every_ipv6_address_round_trips(address: ipaddress.IPv6Address) -> None:
    assert ipaddress.ip_address(normalise(ObservableType.IPV6, address.exploded)) == address


@given(st.ip_addresses(v=4), st.integers(0, 32))
def test_every_ipv4_network_round_trips(address: ipaddress.IPv4Address, prefix: int) -> None:
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    assert normalise(ObservableType.IPV4, str(network)) == str(network)


@given(st.sampled_from([ObservableType.MD5, ObservableType.SHA1, ObservableType.SHA256]), st.data())
def test_every_hash_round_trips_in_lower_case(kind: ObservableType, data: st.DataObject) -> None:
    size = {ObservableType.MD5: 16, ObservableType.SHA1: 20, ObservableType.SHA256: 32}[kind]
    digest = data.draw(st.binary(min_size=size, max_size=size)).hex()
    given_text = data.draw(st.sampled_from([digest, digest.upper()]))
    assert normalise(kind, given_text) == digest
    text = pattern(kind, given_text)
    assert text.endswith(f" = '{digest}']") and validate(text, stix_version="2.1")


@given(st.sampled_from([ObservableType.MD5, ObservableType.SHA1, ObservableType.SHA256]),
       st.text(alphabet="0123456789abcdefg", max_size=70))  # fmt: skip
def test_a_hash_of_the_wrong_length_or_digits_is_refused(kind: ObservableType, text: str) -> None:
    size = {ObservableType.MD5: 32, ObservableType.SHA1: 40, ObservableType.SHA256: 64}[kind]
    if len(text) == size and "g" not in text:
        assert normalise(kind, text) == text
    else:
        with pytest.raises(InvalidInputError):
            normalise(kind, text)


@given(st.text(max_size=40))
def test_any_text_is_quoted_so_the_pattern_parses(text: str) -> None:
    literal = quote(text)
    assert validate(f"[url:value = {literal}]", stix_version="2.1")
