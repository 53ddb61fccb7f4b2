"""``python -m bucarest``: the same as the ``bucarest`` console script."""

from bucarest.cli.app import console_main

console_main()
