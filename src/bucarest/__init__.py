"""bucarest: decision support for the Bucharest Summit agenda.

One package per capability (``registry``, ``ledger``, ``energy``, ``missile_defence``,
``desk``), each on the same skeleton: a pure ``domain``, its data, labels and JSON records,
its tables and store, a service, and thin interfaces (``api``, ``web``, ``cli``). They stand
on ``platform`` (database, HTTP, page shell, serving) and ``core`` (countries, dates,
geography, errors, i18n); ``app`` and ``cli`` compose them. See ``docs/architecture.md``.
"""

__version__ = "0.1.0"
