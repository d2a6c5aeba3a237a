"""`timeledger`: serve the app, administer accounts, migrate the database.

Heavy modules (FastAPI, SQLAlchemy, uvicorn) are imported inside the commands that need them,
so `timeledger --help` stays quick.
"""

from __future__ import annotations

import typer

from timeledger.cli import admin, database

app = typer.Typer(
    name="timeledger",
    help="Self-hosted time tracking and project accounting with Clockify-compatible APIs.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
)
app.add_typer(admin.app, name="admin")
app.add_typer(database.app, name="db")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8080, help="TCP port."),
    workers: int = typer.Option(1, min=1, help="Worker processes (rate limits are per process)."),
    migrate: bool = typer.Option(True, help="Upgrade the database schema before serving."),
    log_level: str = typer.Option("info", help="uvicorn log level."),
    ssl_certfile: str | None = typer.Option(None, help="PEM certificate: serve HTTPS (with --ssl-keyfile)."),
    ssl_keyfile: str | None = typer.Option(None, help="PEM private key for --ssl-certfile."),
    uds: str | None = typer.Option(None, help="Listen on this Unix socket instead of host and port."),
    idle_timeout: float = typer.Option(0, help="Stop after this many seconds without a request (0: never)."),
) -> None:
    """Serve the APIs (Clockify-compatible v1 under /api/v1 and /v1).

    Example: [bold]timeledger serve --port 8080[/bold]
    """
    from timeledger.cli import serving
    from timeledger.config import get_settings
    from timeledger.db.migrate import upgrade

    settings = get_settings()
    if migrate:
        upgrade(settings.resolved_database_url)
    serving.run(
        host=host, port=port, workers=workers, log_level=log_level, ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile, uds=uds, idle_timeout=idle_timeout,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
