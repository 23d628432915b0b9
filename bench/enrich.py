"""Cost of enrichment per article, by step, on real news texts.

    python bench/enrich.py [--limit 300] [--uk 100] [--baseline REV]

``--uk N`` adds N real Ukrainian texts (../shared/data/ner-uk-dev). ``--baseline REV`` first runs
the same measurement on svodka's source as of git revision REV (exported to a temporary folder,
in a subprocess), so the figures before and after a change come from one run on one machine.

Reads the labelled tgcontest articles (Russian and English, as their outlets wrote them) and the
Russian machine translations; times ``enrich_text`` whole and each of its steps, after a warm-up
that loads every model once. Run with OPENBLAS_NUM_THREADS=1 (as the pipeline's workers should):
natasha's numpy convolutions get slower, not faster, from BLAS threads on a busy 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from train_classifier import DEFAULT_DATA  # noqa: E402

from svodka.enrich import enrich_text  # noqa: E402
from svodka.enrich.classify import default_model  # noqa: E402
from svodka.enrich.entities import extract_mentions  # noqa: E402
from svodka.enrich.keywords import extract_keywords  # noqa: E402
from svodka.enrich.language import detect_language  # noqa: E402
from svodka.enrich.lemmas import lemma_string  # noqa: E402
from svodka.enrich.ner_ru import ner_spans  # noqa: E402
from svodka.enrich.quotes import extract_quotes  # noqa: E402
from svodka.enrich.trainset import LabelledDoc, load_corpus  # noqa: E402

UK_DOCS = ROOT.parent / "shared" / "data" / "ner-uk-dev" / "docs.jsonl"


def ukrainian_docs(n: int) -> list[LabelledDoc]:
    """The first ``n`` Ukrainian texts of the shared NER set, as articles to enrich."""
    if n <= 0 or not UK_DOCS.exists():
        return []
    rows = [json.loads(line) for line in UK_DOCS.read_text(encoding="utf-8").splitlines()[:n]]
    return [LabelledDoc(title=r.get("title") or "", text=r["text"], label="other", lang="uk",
                        group=i) for i, r in enumerate(rows)]


def run_baseline(rev: str, argv: list[str]) -> None:
    """This script, on the source of revision ``rev``, in a subprocess."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        print(f"--- baseline: svodka at {rev}")
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, *argv], env=env, check=True)
        print("--- this tree")
        sys.stdout.flush()


def _ms(fn: Callable[[], object], reps: int = 1) -> float:
    t = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t) * 1000 / reps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--uk", type=int, default=0, help="also N real Ukrainian texts")
    ap.add_argument("--baseline", default=None, help="git revision to measure first")
    args = ap.parse_args(argv)
    if args.baseline:
        rest = list(argv if argv is not None else sys.argv[1:])
        i = rest.index("--baseline")
        run_baseline(args.baseline, rest[:i] + rest[i + 2:])
    import svodka

    print(f"svodka from {Path(svodka.__file__).parent}")
    docs, _ = load_corpus(args.data)
    if not docs:
        print(f"skipped: no articles under {args.data}")
        return 0
    docs = docs[:args.limit] + ukrainian_docs(args.uk)
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    t = time.perf_counter()
    enrich_text(docs[0].title, docs[0].text)
    print(f"first call (loads natasha, pymorphy3, fastText, the category model): "
          f"{time.perf_counter() - t:.2f}s")
    for d in docs[:20]:  # warm the word caches as a running worker has them
        enrich_text(d.title, d.text)
    steps: dict[str, list[float]] = {k: [] for k in (
        "total", "language", "entities", "quotes", "category", "keywords", "lemmas")}
    by_lang: dict[str, list[float]] = {}
    chars = 0
    model = default_model()
    assert model is not None
    for d in docs:
        full = f"{d.title}\n\n{d.text}"
        chars += len(full)
        total = _ms(lambda d=d: enrich_text(d.title, d.text))
        steps["total"].append(total)
        lang = detect_language(full)
        by_lang.setdefault(lang or "?", []).append(total)
        steps["language"].append(_ms(lambda f=full: detect_language(f)))
        mentions = extract_mentions(full, lang)
        getattr(ner_spans, "cache_clear", lambda: None)()  # cached since the total ran (uk)
        steps["entities"].append(_ms(lambda f=full, lg=lang: extract_mentions(f, lg)))
        steps["quotes"].append(_ms(lambda f=full, m=mentions: extract_quotes(f, m)))
        steps["category"].append(_ms(lambda d=d, lg=lang: model.predict(d.title, d.text, lg)))
        steps["keywords"].append(
            _ms(lambda d=d, lg=lang, m=mentions: extract_keywords(d.title, d.text, lg, m)))
        steps["lemmas"].append(_ms(lambda f=full, lg=lang: lemma_string(f, lg)))
    print(f"{len(docs)} articles, mean {chars / len(docs):.0f} characters")
    for name, vals in steps.items():
        print(f"  {name:9s} mean {statistics.fmean(vals):6.2f} ms   median "
              f"{statistics.median(vals):6.2f} ms   p95 {sorted(vals)[int(0.95 * len(vals))]:6.2f} ms")
    for lang, vals in sorted(by_lang.items()):
        print(f"  total, {lang}: mean {statistics.fmean(vals):.2f} ms over {len(vals)} articles")
    print(f"=> {1000 / statistics.fmean(steps['total']):.0f} articles/s on one core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
