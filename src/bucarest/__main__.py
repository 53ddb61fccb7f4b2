"""``python -m bucarest``: the same as the ``bucarest`` console script."""

from bucarest.cli import console_main

console_main()
