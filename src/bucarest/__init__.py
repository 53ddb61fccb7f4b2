"""bucarest: decision support for the Bucharest Summit agenda.

The package is layered (see ``docs/architecture.md``): ``core`` and the domain
packages (``registry``) are pure; ``store`` maps them to SQL; ``cli``, ``api``
and ``web`` are thin interfaces over the same domain functions.
"""

__version__ = "0.1.0"
