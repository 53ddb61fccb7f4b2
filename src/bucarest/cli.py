"""The ``bucarest`` command line: each capability's commands under one root.

The language is read from ``--lang`` (or ``BUCAREST_LANG``) before the commands are built,
so help texts, headings and error messages are all in that language.

Example::

    $ bucarest members --framework nato --on 2008-04-03 --format json
    $ bucarest --lang fr country MLT
"""

from __future__ import annotations

import sys

import typer

from bucarest.app import open_store
from bucarest.core.i18n import DEFAULT_LANG, gettext
from bucarest.desk import cli as desk_cli
from bucarest.energy import cli as energy_cli
from bucarest.ledger import cli as ledger_cli
from bucarest.missile_defence import cli as md_cli
from bucarest.platform import audit_commands
from bucarest.platform.cli import emit, run
from bucarest.platform.database import Database
from bucarest.platform.settings import Settings
from bucarest.registry import cli as registry_cli

__all__ = ["build_app", "console_main", "main"]


def open_database() -> Database:
    """The configured database, migrated, with the shipped data loaded on first start."""
    return open_store(Settings.load().resolved_database_url())


def build_app(lang: str) -> typer.Typer:
    """The Typer application with every text in ``lang``."""

    def _(message: str) -> str:
        return gettext(message, lang)

    app = typer.Typer(
        help=_("bucarest: the Alliance registry and the Bucharest Summit agenda."),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback()
    def options(
        lang_option: str = typer.Option(DEFAULT_LANG, "--lang", help=_("Language: en or fr.")),
    ) -> None:
        """Global options (the language is applied before commands are built)."""

    registry_cli.add_commands(app, lang, open_database)
    ledger_cli.add_commands(app, lang, open_database)
    energy_cli.add_commands(app, lang)
    md_cli.add_commands(app, lang, open_database)
    desk_cli.add_commands(app, lang, open_database)
    audit_commands.add_commands(app, lang, open_database)

    @app.command("serve", help=_("Serve the web app and the JSON API."))
    def serve_cmd(
        host: str = typer.Option("127.0.0.1", "--host", help=_("Interface to listen on.")),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help=_("TCP port.")),
        workers: int = typer.Option(
            1,
            "--workers",
            min=1,
            max=64,
            help=_("Server processes (one per core is a good start)."),
        ),
        threads: int | None = typer.Option(
            None,
            "--threads",
            min=1,
            max=256,
            help=_("Requests each process works on at once (default: BUCAREST_THREADS, else 8)."),
        ),  # fmt: skip
        certfile: str | None = typer.Option(
            None, "--certfile", help=_("TLS certificate (PEM): serve HTTPS with it.")
        ),
        keyfile: str | None = typer.Option(
            None,
            "--keyfile",
            help=_("Private key of --certfile (PEM), unless the certificate file holds it."),
        ),
        proxy: str | None = typer.Option(
            None,
            "--proxy",
            help=_(
                "Addresses of the TLS proxy in front (IP addresses or networks between "
                "commas, or *): its X-Forwarded-For and X-Forwarded-Proto headers are believed."
            ),
        ),
    ) -> None:
        from bucarest.platform import serving

        settings = Settings.load()
        url = settings.resolved_database_url()
        serving.check_port_free(host, port)
        serving.check_tls(certfile, keyfile)
        options = serving.ServeOptions(
            url=url,
            host=host,
            port=port,
            workers=workers,
            threads=threads or settings.threads,
            allowed_hosts=serving.hosts_to_answer(host, settings.allowed_host_names()),
            certfile=certfile,
            keyfile=keyfile,
            proxies=serving.parse_proxies(proxy) if proxy is not None else (),
        )
        if serving.warns_in_clear(options):
            typer.echo(
                _(
                    "warning: {host} is reachable from other machines and nothing here "
                    "encrypts it; give --certfile and --keyfile, or serve it behind a TLS "
                    "proxy named with --proxy, so that passwords, tokens and session cookies "
                    "never cross the network in clear; it answers to the names in "
                    "BUCAREST_ALLOWED_HOSTS (now: {names})"
                ).format(host=host, names=", ".join(options.allowed_hosts)),
                err=True,
            )
        scheme = "https" if options.tls else "http"
        emit(
            _("Serving on {url} (database: {db})").format(
                url=f"{scheme}://{serving.bind_address(host, port)}/",
                db=Database.display_url(url),
            )
        )
        serving.serve(options)

    return app


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status (see :func:`run`)."""
    return run(build_app, argv)


def console_main() -> None:
    """``bucarest`` console script."""
    sys.exit(main())
