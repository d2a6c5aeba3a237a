"""`timeledger admin`: accounts and keys, straight against the database."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import typer

app = typer.Typer(
    help="Accounts, workspaces and API keys.",
    no_args_is_help=True,
    epilog="Examples:\n\n"
    "timeledger admin bootstrap --email ana@example.com --name Ana --workspace Acme --json\n\n"
    "timeledger admin create-user --workspace-id 6a1f...c3 --email bo@example.com --name Bo --role MEMBER --json\n\n"
    "timeledger admin new-key --email bo@example.com",
)

ROLES = ("OWNER", "WORKSPACE_ADMIN", "TEAM_MANAGER", "PROJECT_MANAGER", "MEMBER")


def _run(work: Callable[[Any], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    """Migrate, open the database, run `work(db)`; service errors become a message and exit 1."""
    from timeledger.config import get_settings
    from timeledger.db.engine import Database
    from timeledger.db.migrate import upgrade
    from timeledger.services.errors import NotFound, ServiceError

    url = get_settings().resolved_database_url
    upgrade(url)

    async def go() -> dict[str, Any]:
        db = Database(url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    try:
        return asyncio.run(go())
    except NotFound as exc:
        typer.echo(f"error: no such {exc.entity.lower()}" + (f" ({exc.entity_id})" if exc.entity_id else ""), err=True)
        raise typer.Exit(1) from None
    except ServiceError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None


def _print(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result))
    else:
        for key, value in result.items():
            typer.echo(f"{key}: {value}")


@app.command()
def bootstrap(
    email: str = typer.Option(..., help="E-mail of the new owner."),
    name: str = typer.Option(..., help="Name of the new owner."),
    workspace: str = typer.Option(..., help="Name of the new workspace."),
    password: str | None = typer.Option(None, help="Password for signing in to the web app."),
    timezone: str | None = typer.Option(None, help="The owner's IANA time zone (default UTC)."),
    as_json: bool = typer.Option(False, "--json", help='Print {"userId", "workspaceId", "apiKey"}.'),
) -> None:
    """Create a new owner with a new workspace and print its API key. An e-mail already taken is an error.

    Example: [bold]timeledger admin bootstrap --email ana@example.com --name Ana --workspace Acme --json[/bold]
    """
    from timeledger.services.users import bootstrap as run

    async def work(db) -> dict[str, Any]:
        user_id, workspace_id, key = await run(db, email, name, workspace, password, timezone)
        return {"userId": user_id, "workspaceId": workspace_id, "apiKey": key}

    _print(_run(work), as_json)


@app.command("create-user")
def create_user(
    workspace_id: str = typer.Option(..., "--workspace-id", help="Workspace the user joins."),
    email: str = typer.Option(..., help="E-mail of the new user."),
    name: str = typer.Option(..., help="Name of the new user."),
    role: str = typer.Option("MEMBER", help="|".join(ROLES)),
    password: str | None = typer.Option(None, help="Password for signing in to the web app."),
    as_json: bool = typer.Option(False, "--json", help='Print {"userId", "apiKey"}.'),
) -> None:
    """Create a user in an existing workspace and print its API key.

    Example: [bold]timeledger admin create-user --workspace-id 6a1f... --email bo@example.com --name Bo --role MEMBER --json[/bold]
    """
    from timeledger.services.users import create_member

    if role.upper() not in ROLES:
        typer.echo(f"error: --role must be one of {', '.join(ROLES)}", err=True)
        raise typer.Exit(2)

    async def work(db) -> dict[str, Any]:
        user_id, key = await create_member(db, workspace_id, email, name, role.upper(), password)
        return {"userId": user_id, "apiKey": key}

    _print(_run(work), as_json)


@app.command("new-key")
def new_key(
    email: str = typer.Option(..., help="E-mail of the user."),
    as_json: bool = typer.Option(False, "--json", help='Print {"userId", "apiKey"}.'),
) -> None:
    """Replace a user's API keys with a new one (the old keys stop working).

    Example: [bold]timeledger admin new-key --email ana@example.com[/bold]
    """
    from timeledger.services.users import key_for_email

    async def work(db) -> dict[str, Any]:
        user_id, key = await key_for_email(db, email)
        return {"userId": user_id, "apiKey": key}

    _print(_run(work), as_json)
