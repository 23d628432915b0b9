"""The environment `svodka worker` gives dramatiq so that all its processes' counters are served on one port."""

from __future__ import annotations

from pathlib import Path

from svodka.config import Settings

# In the data dir, one per port (worker units on one machine each serve their own): one file per
# worker process and kind of metric.
METRICS_DIR = "worker-metrics-{port}"


def metrics_env(settings: Settings) -> dict[str, str]:
    """Variables for dramatiq's Prometheus exposition server (forked beside the worker processes)
    and for prometheus_client's multiprocess mode in every worker process, which reads
    PROMETHEUS_MULTIPROC_DIR when it is first imported; empty without ``worker_metrics_port``."""
    if not settings.worker_metrics_port:
        return {}
    db = str(_metrics_dir(settings))
    return {"dramatiq_prom_db": db, "PROMETHEUS_MULTIPROC_DIR": db,
            "dramatiq_prom_host": "127.0.0.1",
            "dramatiq_prom_port": str(settings.worker_metrics_port)}


def fresh_metrics_dir(settings: Settings) -> None:
    """An empty metrics directory for a starting `svodka worker` (the files of processes gone
    would otherwise be added to its counts for ever)."""
    if not settings.worker_metrics_port:
        return
    path = _metrics_dir(settings)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink(missing_ok=True)


def _metrics_dir(settings: Settings) -> Path:
    return settings.data_dir / METRICS_DIR.format(port=settings.worker_metrics_port)
