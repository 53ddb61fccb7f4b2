"""energy run --storage: storage by facility on the asset-level dataset, country aggregates on
the country-level one."""

from __future__ import annotations

import csv
import io
import json

from bucarest.energy.data import load_dataset
from tests.cli_support import run

ASSETS = "winter-2008-09-assets"


def test_each_site_on_the_asset_level_dataset(capsys) -> None:
    code, out, err = run(capsys, "energy", "run", "jan-2009", "--dataset", ASSETS,
                         "--storage", "--format", "json")  # fmt: skip
    assert code == 0, err
    rows = json.loads(out)
    assert {r["id"] for r in rows} == {st.id for st in load_dataset(ASSETS).storage}
    chiren = next(r for r in rows if r["id"] == "STO-BGR-CHIREN")
    assert chiren["name"] == "Chiren" and chiren["days_at_limit"] > 0
    code, out, err = run(capsys, "--lang", "fr", "energy", "run", "jan-2009", "--dataset",
                         ASSETS, "--storage")  # fmt: skip
    assert code == 0, err
    assert "Stockage site par site" in out and "Chiren" in out and "Jours au débit" in out


def test_country_aggregates_as_csv(capsys) -> None:
    code, out, err = run(capsys, "energy", "run", "jan-2009", "--storage", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"] for r in rows} == {st.id for st in load_dataset("winter-2008-09").storage}
    assert all(r["aggregate"] == "True" for r in rows)
    code, out, err = run(capsys, "energy", "run", "jan-2009", "--storage")
    assert code == 0, err
    assert "country aggregates" in out
