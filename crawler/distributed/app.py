"""The Celery application: Redis broker, late acknowledgement, one task at a time per worker.

Settings that make a fleet safe:
- `task_acks_late` + `task_reject_on_worker_lost`: a task is acknowledged only after it
  finished, so a worker killed mid-task leaves it on the broker, and Redis hands it to another
  worker once the visibility timeout passes;
- `worker_prefetch_multiplier=1`: a worker holds no queue of tasks it has not started, so a
  dead worker strands at most the one task it was running;
- every task is idempotent (the store writes nothing new for data it already has), so running
  a redelivered task twice is harmless.
"""

from __future__ import annotations

import os

from celery import Celery

DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
QUEUE = "toolrisk"


def broker_url() -> str:
    return os.environ.get("TOOLRISK_BROKER", DEFAULT_BROKER)


def visibility_timeout() -> int:
    # How long a started-but-unacknowledged task waits before another worker may take it.
    # It must exceed the longest task (a package probe: minutes); tests shorten it.
    return int(os.environ.get("TOOLRISK_VISIBILITY_TIMEOUT", "900"))


def transport_options() -> dict[str, int]:
    timeout = visibility_timeout()
    # kombu sweeps for abandoned tasks every interval × throttle seconds; keep that well under
    # the visibility timeout so a dead worker's task moves on soon after the timeout.
    return {
        "visibility_timeout": timeout,
        "unacked_restore_interval": max(1, min(10, timeout // 3)),
        "unacked_restore_throttle": 1,
    }


def create_app(broker: str | None = None) -> Celery:
    url = broker or broker_url()
    celery_app = Celery("toolrisk", broker=url, include=["crawler.distributed.tasks"])
    celery_app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        task_default_queue=QUEUE,
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options(),
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        beat_schedule=_beat_schedule(),
        timezone="UTC",
    )
    return celery_app


def _beat_schedule() -> dict[str, dict[str, object]]:
    """Periodic incremental crawls for `toolrisk worker --beat` (aggregators are asked to poll
    about hourly; TOOLRISK_CRAWL_EVERY_S overrides)."""
    every = float(os.environ.get("TOOLRISK_CRAWL_EVERY_S", "3600"))
    sources = [s for s in os.environ.get("TOOLRISK_CRAWL_SOURCES", "official,toolhive,docker,toolsdk,mcpm").split(",") if s]
    return {
        f"crawl-{name}": {"task": "toolrisk.schedule_crawl", "schedule": every, "args": (name,)} for name in sources
    }


app = create_app()
