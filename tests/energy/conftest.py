from datetime import date

import pytest

from bucarest.energy.data import load_dataset_dir
from bucarest.energy.domain.network import Network
from bucarest.energy.domain.scenario import Disruption, Mode, Scenario
from tests.paths import DATA

MINI = DATA / "energy_min" / "mini"


@pytest.fixture(scope="session")
def mini() -> Network:
    return load_dataset_dir(MINI)


def cut(mode: Mode = Mode.COOPERATIVE, share: float = 1.0, **kw) -> Scenario:  # type: ignore[no-untyped-def]
    return Scenario("cut", "Cut", "Coupure", "mini", date(2009, 1, 1), date(2009, 1, 31), mode,
                    (Disruption("RUS-UKR", share, date(2009, 1, 7), date(2009, 1, 20)),), **kw)  # fmt: skip
