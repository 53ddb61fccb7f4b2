"""The ``bucarest`` command line (Typer + Rich).

Example::

    $ bucarest members --framework nato --on 2008-04-03 --format json
    $ bucarest --lang fr country MLT
"""

from bucarest.cli.app import build_app, main

__all__ = ["build_app", "main"]
