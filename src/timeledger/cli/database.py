"""`timeledger db`: schema migrations."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Database schema.",
    no_args_is_help=True,
    epilog="Examples:\n\ntimeledger db upgrade\n\n"
    "TIMELEDGER_DATABASE_URL=postgresql://tl@127.0.0.1/tl timeledger db upgrade\n\n"
    "timeledger db is-empty && echo 'no users yet'",
)


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Upgrade the schema (TIMELEDGER_DATABASE_URL, else the embedded SQLite file).

    Example: [bold]timeledger db upgrade[/bold]
    """
    from timeledger.config import get_settings
    from timeledger.db.migrate import upgrade as run_upgrade

    run_upgrade(get_settings().resolved_database_url, revision)
    typer.echo("database is at the latest schema" if revision == "head" else f"database is at {revision}")


@app.command("is-empty")
def is_empty() -> None:
    """Exit 0 when the database holds no user yet, 1 otherwise (for setup scripts)."""
    import asyncio

    from timeledger.config import get_settings
    from timeledger.db.engine import Database
    from timeledger.db.migrate import upgrade as run_upgrade
    from timeledger.services.users import database_is_empty

    url = get_settings().resolved_database_url
    run_upgrade(url)

    async def check() -> bool:
        db = Database(url)
        try:
            return await database_is_empty(db)
        finally:
            await db.dispose()

    raise typer.Exit(0 if asyncio.run(check()) else 1)
