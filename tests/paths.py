"""Where the tests' fixtures, goldens and the project's own files are, wherever a test lives."""

from pathlib import Path

#: The project's root folder.
ROOT = Path(__file__).resolve().parents[1]
#: The small data sets and golden files of the tests.
DATA = ROOT / "tests" / "data"
#: The package's source folder.
SRC = ROOT / "src" / "bucarest"
