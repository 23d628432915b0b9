"""Entry module for ``dramatiq svodka.pipeline.worker_main``: the broker from SVODKA_BROKER_URL."""

from __future__ import annotations

import os

import dramatiq

from svodka.pipeline.workers import broker_from_url, declare

broker = broker_from_url(os.environ.get("SVODKA_BROKER_URL", "redis://127.0.0.1:6379/0"))
dramatiq.set_broker(broker)
actors = declare(broker)
