"""Entry module for ``dramatiq svodka.pipeline.worker_main``: the broker from the settings, and the workers' metrics when asked for."""

from __future__ import annotations

import os

from svodka.config import Settings
from svodka.pipeline.worker_env import metrics_env

_settings = Settings.from_env()
_metrics = metrics_env(_settings)
# Before anything imports prometheus_client (`svodka worker` has set them already; this is for
# dramatiq started by hand).
os.environ.update(_metrics)
if _metrics:
    os.makedirs(_metrics["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

import dramatiq  # noqa: E402

from svodka.pipeline.workers import broker_from_url, declare  # noqa: E402

broker = broker_from_url(_settings.broker_url)
if _metrics:
    from dramatiq.middleware.prometheus import Prometheus

    broker.add_middleware(Prometheus())
dramatiq.set_broker(broker)
actors = declare(broker)
