from pathlib import Path

import pytest

from bucarest.commitments.datafile import load_ledger
from bucarest.commitments.ledger import Ledger

MIN = Path(__file__).parents[1] / "data" / "ledger_min"


@pytest.fixture(scope="session")
def small() -> Ledger:
    """The three-commitment fixture ledger."""
    return load_ledger(MIN)
