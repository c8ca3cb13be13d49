"""`toolrisk worker`: run a Celery worker (and optionally the periodic-crawl scheduler)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from catalog.commands.common import DbOption, err_console, scale_extra
from catalog.store import open_store, resolve_db


def register(app: typer.Typer) -> None:
    @app.command("worker")
    def worker_command(
        broker: Annotated[
            str | None, typer.Option("--broker", help="Redis URL of the broker (default $TOOLRISK_BROKER or redis://127.0.0.1:6379/0).")
        ] = None,
        beat: Annotated[bool, typer.Option("--beat", help="Also run the scheduler for periodic incremental crawls (run exactly one).")] = False,
        name: Annotated[str | None, typer.Option("--name", help="Worker name (default: host and process id).")] = None,
        loglevel: Annotated[str, typer.Option("--loglevel")] = "INFO",
        db: DbOption = None,
    ) -> None:
        """Run one worker of a distributed fleet: takes crawl-page, source and probe tasks from the broker.

        Every worker must reach the same store: use a PostgreSQL --db for more than one machine.
        """
        url = resolve_db(db)
        if "://" not in url and not url.startswith("/"):
            url = os.path.abspath(url)
        os.environ["TOOLRISK_DB"] = url
        if broker:
            os.environ["TOOLRISK_BROKER"] = broker
        open_store(url).close()  # migrate once before taking tasks, and fail fast on a bad --db
        with scale_extra("toolrisk worker"):
            from crawler.distributed.app import app as celery_app
            from crawler.distributed.app import broker_url, transport_options
        # the app may have been configured before the options above were known
        celery_app.conf.broker_url = broker_url()
        celery_app.conf.broker_transport_options = transport_options()
        argv = ["worker", "--pool", "solo", "--concurrency", "1", "--loglevel", loglevel, "--queues", "toolrisk",
                "--without-gossip", "--without-mingle"]
        if name:
            argv += ["--hostname", name]
        if beat:
            argv += ["--beat"]
        err_console.print(f"worker: broker {celery_app.conf.broker_url.split('@')[-1]}, store {url.split('@')[-1]}")
        celery_app.worker_main(argv)
