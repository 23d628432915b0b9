"""Entry module for ``dramatiq svodka.pipeline.worker_main``: the broker from the settings."""

from __future__ import annotations

import dramatiq

from svodka.config import Settings
from svodka.pipeline.workers import broker_from_url, declare

broker = broker_from_url(Settings.from_env().broker_url)
dramatiq.set_broker(broker)
actors = declare(broker)
