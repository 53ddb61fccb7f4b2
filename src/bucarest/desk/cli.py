"""Cyber-desk commands: ``bucarest users|tokens|sharing``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import typer

from bucarest.core.dates import parse_date_or
from bucarest.core.errors import N_, InvalidInputError
from bucarest.core.i18n import gettext
from bucarest.core.identity import Principal, Role, check_organisation
from bucarest.desk.domain.markings import TLP, Marking, nations_of
from bucarest.desk.domain.policy import can_read, check_marking
from bucarest.desk.store.records import Desk
from bucarest.platform.cli import OutputFormat, render
from bucarest.platform.database import Database
from bucarest.registry.store import RegistryRepository, read_registry

__all__ = ["add_commands"]

T = TypeVar("T")


def _role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InvalidInputError(
            N_("unknown role '{role}'; expected one of {known}"),
            role=text,
            known=", ".join(r.value for r in Role),
        ) from None


def _tlp(text: str) -> TLP:
    try:
        return TLP(text.strip().lower())
    except ValueError:
        raise InvalidInputError(
            N_("unknown TLP '{tlp}'; expected one of {known}"),
            tlp=text,
            known=", ".join(t.value for t in TLP),
        ) from None


def add_commands(app: typer.Typer, lang: str, open_database: Callable[[], Database]) -> None:
    """Add the desk's administration commands to ``app``, with texts in ``lang``."""

    def _with_desk(action: Callable[[Desk], T]) -> T:
        db = open_database()
        try:
            with db.session() as s:
                return action(Desk(s, RegistryRepository(s).load(), db))
        finally:
            db.dispose()

    def _(message: str) -> str:
        return gettext(message, lang)

    fmt_help = _("Output format: table or json.")
    users = typer.Typer(help=_("Accounts of the cyber-defence desk."), no_args_is_help=True)
    tokens = typer.Typer(help=_("API tokens (shown once, stored hashed)."), no_args_is_help=True)
    sharing = typer.Typer(help=_("Ask the sharing policy."), no_args_is_help=True)
    app.add_typer(users, name="users")
    app.add_typer(tokens, name="tokens")
    app.add_typer(sharing, name="sharing")

    def _secret_out(record: dict[str, Any], fmt: OutputFormat) -> None:
        if fmt is OutputFormat.JSON:
            typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
            return
        for key, value in record.items():
            typer.echo(f"{key}: {value}")
        typer.echo(_("Keep these now: they are shown once and stored only as hashes."), err=True)

    @users.command(
        "create-admin", help=_("Create an administrator with a one-time password and token.")
    )
    def create_admin_cmd(
        username: str = typer.Option("admin", "--username", help=_("User name.")),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        def act(desk: Desk) -> dict[str, Any]:
            p, password = desk.accounts.create_user(
                username, "NATO", {Role.ADMINISTRATOR}, one_time=True
            )
            return {
                "username": p.username,
                "password": password,
                "token": desk.accounts.create_token(p.username, "create-admin"),
            }

        _secret_out(_with_desk(act), fmt)

    @users.command("add", help=_("Add a user of a nation or NATO body with one or more roles."))
    def add_cmd(
        nation: str = typer.Option(
            ..., "--nation", help=_("Alpha-3 code, or a NATO body (NATO, NCIRC).")
        ),
        role: list[str] = typer.Option(
            ...,
            "--role",
            help=_("reader, analyst, national-poc, responder or administrator (repeatable)."),
        ),
        username: str | None = typer.Option(
            None, "--username", help=_("User name (default: the nation and role).")
        ),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        roles = {_role(r) for r in role}
        org = check_organisation(nation)
        name = username or f"{org.lower()}-{sorted(r.value for r in roles)[0]}"

        def act(desk: Desk) -> dict[str, Any]:
            p, password = desk.accounts.create_user(name, org, roles, one_time=True)
            return {"username": p.username, "organisation": p.organisation,
                    "roles": sorted(r.value for r in p.roles), "password": password}  # fmt: skip

        _secret_out(_with_desk(act), fmt)

    @users.command("list", help=_("Every account, without secrets."))
    def list_cmd(
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        people = _with_desk(lambda desk: desk.accounts.statuses())
        rows = [{"username": u.principal.username, "organisation": u.principal.organisation,
                 "roles": ", ".join(sorted(r.value for r in u.principal.roles)),
                 "disabled": u.disabled, "must_change_password": u.must_change}
                for u in people]  # fmt: skip
        shown = [{**r, "state": _(N_("disabled")) if r["disabled"] else
                  _(N_("one-time password")) if r["must_change_password"] else _(N_("active"))}
                 for r in rows]  # fmt: skip
        cols = [
            ("username", N_("User")),
            ("organisation", N_("Organisation")),
            ("roles", N_("Roles")),
            ("state", N_("State")),
        ]
        empty = _("No accounts yet; create the first with 'bucarest users create-admin'.")
        typer.echo(render(rows, shown, cols, fmt, lang, empty=empty))

    @users.command(
        "reset-password",
        help=_(
            "Give a user a new one-time password: their sessions end, their tokens are revoked."
        ),
    )
    def reset_cmd(
        username: str = typer.Argument(..., help=_("User name.")),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        password = _with_desk(lambda desk: desk.accounts.reset_password(username))
        _secret_out({"username": username, "password": password}, fmt)

    @users.command(
        "disable", help=_("Disable a user at once: their sessions end, their tokens are revoked.")
    )
    def disable_cmd(username: str = typer.Argument(..., help=_("User name."))) -> None:
        sessions, tokens = _with_desk(lambda desk: desk.accounts.disable_user(username))
        typer.echo(
            _("{user} disabled: {sessions} session(s) ended, {tokens} token(s) revoked").format(
                user=username, sessions=sessions, tokens=tokens
            )
        )

    @users.command("enable", help=_("Let a disabled user log in again (with new tokens)."))
    def enable_cmd(username: str = typer.Argument(..., help=_("User name."))) -> None:
        _with_desk(lambda desk: desk.accounts.enable_user(username))
        typer.echo(_("{user} enabled").format(user=username))

    @tokens.command("create", help=_("Create an API token for a user (shown once)."))
    def token_create_cmd(
        username: str = typer.Option(..., "--username", help=_("User name.")),
        name: str = typer.Option("api", "--name", help=_("What the token is for.")),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        token = _with_desk(lambda desk: desk.accounts.create_token(username, name))
        _secret_out({"username": username, "token": token}, fmt)

    @tokens.command("revoke", help=_("Revoke every token of a user."))
    def token_revoke_cmd(
        username: str = typer.Option(..., "--username", help=_("User name.")),
    ) -> None:
        count = _with_desk(lambda desk: desk.accounts.revoke_tokens(username))
        typer.echo(_("{count} token(s) revoked").format(count=count))

    @sharing.command(
        "can-read",
        help=_("Would the policy let such a principal read such a record? (exit 0 either way)"),
    )
    def can_read_cmd(
        nation: str = typer.Option(..., "--nation", help=_("The reader's nation or NATO body.")),
        role: list[str] = typer.Option(
            ["analyst"], "--role", help=_("The reader's role (repeatable).")
        ),
        releasable_to: list[str] = typer.Option(
            [], "--releasable-to", help=_("A framework id or an alpha-3 nation (repeatable).")
        ),
        tlp: str = typer.Option(
            "green", "--tlp", help=_("clear, green, amber, amber+strict or red.")
        ),
        originator: str = typer.Option("NATO", "--originator", help=_("The record's originator.")),
        originator_only: bool = typer.Option(
            False, "--originator-only", help=_("Releasable to the originator only.")
        ),
        on: str | None = typer.Option(
            None, "--on", help=_("Date of the request (default: today).")
        ),
        fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help=fmt_help),
    ) -> None:
        reg = read_registry(open_database)
        day: date = parse_date_or(on)
        known = {f.id for f in reg.frameworks}
        for item in releasable_to:
            key = item.strip()
            if key.lower() not in known and not (len(key) == 3 and key.isalpha()):
                raise InvalidInputError(
                    N_("'{item}' is neither a framework ({known}) nor an alpha-3 nation"),
                    item=item, known=", ".join(sorted(known)),
                )  # fmt: skip
        frameworks = frozenset(
            x.strip().lower() for x in releasable_to if x.strip().lower() in known
        )
        nations = nations_of(x for x in releasable_to if x.strip().lower() not in known)
        marking = Marking(check_organisation(originator), _tlp(tlp), frameworks=frameworks, nations=nations,
                          originator_only=originator_only)  # fmt: skip
        check_marking(marking, reg)
        reader = Principal("reader", check_organisation(nation), frozenset(_role(r) for r in role))
        decision = can_read(reader, marking, day, reg)
        word = _("allow") if decision.allowed else _("deny")
        if fmt is OutputFormat.JSON:
            typer.echo(
                json.dumps(
                    {"allowed": decision.allowed, "reason": decision.translated(lang)},
                    ensure_ascii=False,
                )
            )
        else:
            typer.echo(f"{word}: {decision.translated(lang)}")
