"""Fuzz svodka's input readers with atheris (coverage-guided, libFuzzer): no crash, bounded time
and memory per input.

    python bench/fuzz.py [--inputs 1000000] [--targets extract,feed,...] [--timeout 10]
                         [--rss-mb 2048] [--jobs 2]

The inputs are split evenly over the targets (``bench/fuzz_targets.py``); each target runs in its
own process, seeded with real documents of its kind, under libFuzzer's per-input time limit
(``-timeout``) and memory limit (``-rss_limit_mb``): an input over either is a failure, as is any
exception the reader does not declare. Prints, per target: inputs run, seconds, inputs/s, the
slowest input, peak memory, and crashes; exits non-zero on any. Baseline beside it, in the same
run: the seeds alone through the same targets (what a plain replay of real documents costs).
Needs atheris (``pip install atheris``).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fuzz_targets  # noqa: E402


@dataclass
class Outcome:
    target: str
    runs: int
    seconds: float
    slowest: float
    peak_mb: int
    crashed: bool
    detail: str


def child(target: str, runs: int, timeout: int, rss_mb: int, corpus: Path,
          artifacts: Path) -> None:
    """In the fuzzing process: hand the target to atheris."""
    import atheris

    with atheris.instrument_imports(include=["svodka"]):
        import svodka.enrich.command  # noqa: F401
        import svodka.extract  # noqa: F401
        import svodka.sources  # noqa: F401
    fn = fuzz_targets.TARGETS[target]
    for seed in fuzz_targets.seeds(target):  # load the models first: not an input's time
        fn(seed)
    argv = [sys.argv[0], str(corpus), f"-runs={runs}", f"-timeout={timeout}",
            f"-rss_limit_mb={rss_mb}", f"-max_len={fuzz_targets.MAX_SEED_BYTES}",
            "-print_final_stats=1", f"-artifact_prefix={artifacts}/", "-close_fd_mask=1"]
    atheris.Setup(argv, fn)
    atheris.Fuzz()


def run_target(target: str, runs: int, timeout: int, rss_mb: int, work: Path) -> Outcome:
    corpus = work / target / "corpus"
    artifacts = work / target / "artifacts"
    corpus.mkdir(parents=True)
    artifacts.mkdir()
    for i, seed in enumerate(fuzz_targets.seeds(target)):
        (corpus / f"seed{i}").write_bytes(seed)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", target, "--runs", str(runs), "--timeout",
         str(timeout), "--rss-mb", str(rss_mb), "--corpus", str(corpus), "--artifacts",
         str(artifacts)], capture_output=True, text=True)
    seconds = time.monotonic() - started
    log = proc.stderr
    done = re.search(r"Done (\d+) runs", log)
    slowest = re.search(r"stat::slowest_unit_time_sec:\s*(\d+)", log)
    peak = re.search(r"stat::peak_rss_mb:\s*(\d+)", log)
    crashed = proc.returncode != 0 or any(artifacts.iterdir())
    tail = "\n".join(line for line in log.splitlines()[-40:]
                     if "Traceback" in line or "Error" in line or "==" in line)
    return Outcome(target, int(done.group(1)) if done else 0, seconds,
                   float(slowest.group(1)) if slowest else float("nan"),
                   int(peak.group(1)) if peak else 0, crashed, tail[-2000:])


def replay_seeds(targets: list[str]) -> dict[str, float]:
    """Baseline: seconds per seed input through each target, uninstrumented."""
    out = {}
    for t in targets:
        seeds = fuzz_targets.seeds(t)
        started = time.process_time()
        for s in seeds:
            fuzz_targets.TARGETS[t](s)
        out[t] = (time.process_time() - started) / max(1, len(seeds))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inputs", type=int, default=1_000_000, help="inputs in all (split evenly)")
    ap.add_argument("--targets", default=",".join(fuzz_targets.TARGETS))
    ap.add_argument("--timeout", type=int, default=10, help="seconds one input may take")
    ap.add_argument("--rss-mb", type=int, default=2048, help="memory the process may reach")
    ap.add_argument("--jobs", type=int, default=2, help="targets fuzzed at once")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--runs", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--artifacts", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.runs, args.timeout, args.rss_mb, args.corpus, args.artifacts)
        return 0
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("bench/fuzz.py needs atheris: pip install atheris", file=sys.stderr)
        return 2
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    per = max(1, args.inputs // len(targets))
    baseline = replay_seeds(targets)
    with tempfile.TemporaryDirectory(prefix="svodka-fuzz-") as tmp, \
            ThreadPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(lambda t: run_target(t, per, args.timeout, args.rss_mb,
                                                      Path(tmp)), targets))
    print(f"{'target':10} {'inputs':>9} {'seconds':>8} {'inputs/s':>9} {'slowest s':>9} "
          f"{'peak MB':>8} {'seed ms (baseline)':>19}  result")
    for o in outcomes:
        print(f"{o.target:10} {o.runs:>9,} {o.seconds:>8.0f} {o.runs / o.seconds:>9.0f} "
              f"{o.slowest:>9.0f} {o.peak_mb:>8} {baseline[o.target] * 1000:>19.2f}  "
              f"{'CRASH' if o.crashed else 'ok'}")
        if o.crashed:
            print(o.detail)
    total = sum(o.runs for o in outcomes)
    print(f"total: {total:,} inputs, {sum(o.crashed for o in outcomes)} targets crashed; "
          f"limits: {args.timeout} s and {args.rss_mb} MB per input")
    return 1 if any(o.crashed for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
