import pytest

from bucarest.ledger.data import load_ledger
from bucarest.ledger.domain.ledger import Ledger
from tests.paths import DATA

MIN = DATA / "ledger_min"


@pytest.fixture(scope="session")
def small() -> Ledger:
    """The three-commitment fixture ledger."""
    return load_ledger(MIN)
