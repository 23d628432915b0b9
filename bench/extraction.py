"""Article extraction benchmark: svodka beside trafilatura and readability-lxml, in one run.

    python bench/extraction.py [--data ../shared/data/article-extraction-benchmark]
        [--waddle ../shared/data/waddle-ru-dev] [--only svodka] [--synthetic] [--per-page out.tsv]

Two sets, each with every extractor in the same run: the shared article-extraction benchmark
(English pages, the reference is the article body) and waddle-ru-dev (Russian and Ukrainian
outlets of 2011-2012; the reference's first paragraph is the headline, so there every extractor
is scored on its own headline followed by its text). Beside the mean, the number of pages where
an extractor's F1 is below 0.1 (it returned nothing, or a menu, where the article is).

Metric (the benchmark's own, see its README): tokens are ``\\w+`` runs; 4-token shingles of the
reference and of the output are compared as multisets; per page TP/FP/FN are normalised to sum 1;
precision is averaged over pages with output, recall over pages with a reference; F1 is the
harmonic mean of the two averages. Speed is pages per second of extraction alone (pages are read
and gunzipped first, each extractor is warmed up on five pages), CPU time of this one process, so
on one core; every extractor runs ``--repeat`` passes over the pages and the fastest pass counts
(as ``timeit`` does: the other passes measure the machine's other load, not the extractor).

Rows:
- svodka: no template.
- svodka + template (site set): the benchmark has ~2 pages per site; a template is learned from
  all pages of the page's site in the set (the page included: what repeats across an outlet's
  pages is boilerplate, the article text does not repeat). Template learning is not timed.
- generated multi-page sites (``--synthetic``): outlets with 8 pages each, random class names and
  boilerplate that reads like prose; the template is learned on the 7 other pages of the site
  (leave-one-out). Generated pages, not real ones: they show the mechanism, not field quality.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
DEFAULT_WADDLE = ROOT.parent / "shared" / "data" / "waddle-ru-dev"
_TOKEN = re.compile(r"\w+", re.UNICODE)
LOST = 0.1  # a page scored below this F1 is a lost article (nothing, or a menu, returned)


def shingles(text: str, n: int = 4) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def match(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (1.0, 0.0, 0.0)


def score(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """(F1, precision, recall) over (reference, output) pairs."""
    precs, recs = [], []
    for true, pred in pairs:
        tp, fp, fn = match(true, pred)
        if tp + fp > 0:
            precs.append(tp / (tp + fp))
        if tp + fn > 0:
            recs.append(tp / (tp + fn))
    p = sum(precs) / len(precs) if precs else 0.0
    r = sum(recs) / len(recs) if recs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def load(data: Path) -> list[tuple[str, bytes, str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text())
    pages = []
    for pid in sorted(truth):
        path = data / "html" / f"{pid}.html.gz"
        if path.exists():
            pages.append((pid, gzip.decompress(path.read_bytes()), truth[pid]["url"],
                          truth[pid]["articleBody"]))
    return pages


def load_waddle(data: Path) -> list[tuple[str, bytes, str, str]]:
    """waddle-ru-dev pages: (name, html, the outlet's home URL, reference text with its title)."""
    from lxml import html as lhtml

    pages = []
    for path in sorted((data / "html").glob("*.html.gz")):
        name = path.name[: -len(".html.gz")]
        ref = data / "reference" / f"{name}.html"
        if not ref.exists():
            continue
        # One <p> per paragraph (a few references are a whole page: their <p> elements count).
        paras = [p.text_content() for p in lhtml.fromstring(
            ref.read_text(encoding="utf-8") or "<p></p>").iter("p")]
        host = name.split("_")[1] if name.count("_") >= 2 else "example.org"
        pages.append((name, gzip.decompress(path.read_bytes()), f"http://{host}/",
                      "\n".join(paras)))
    return pages


def run(name: str, fn: Callable[[bytes, str], str], pages: list[tuple[str, bytes, str, str]],
        per_page: dict[str, dict[str, float]] | None = None, repeat: int = 3) -> dict[str, float]:
    outs: list[str] = []
    for _, html, url, _ in pages[:5]:  # warm-up: imports, caches, compiled patterns
        try:
            fn(html, url)
        except Exception:  # noqa: BLE001 - counted below
            pass
    elapsed = float("inf")
    for rep in range(max(1, repeat)):  # the fastest of ``repeat`` passes, as timeit reports
        t0 = time.process_time()
        for _, html, url, _ in pages:
            try:
                out = fn(html, url) or ""
            except Exception as exc:  # a baseline crashing on a page scores an empty output
                if not rep:
                    print(f"  {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                out = ""
            if not rep:
                outs.append(out)
        elapsed = min(elapsed, time.process_time() - t0)
    f1, p, r = score([(truth, out) for (_, _, _, truth), out in zip(pages, outs, strict=True)])
    if per_page is not None:
        for (pid, _, _, truth), out in zip(pages, outs, strict=True):
            per_page.setdefault(pid, {})[name] = score([(truth, out)])[0]
    return {"f1": f1, "precision": p, "recall": r, "pages_s": len(pages) / elapsed}


def svodka_fn(templates: dict[str, object] | None = None,
              titled: bool = False) -> Callable[[bytes, str], str]:
    from svodka.extract import extract

    def fn(html: bytes, url: str) -> str:
        tpl = templates.get(url) if templates else None
        art = extract(html, url=url, template=tpl)  # type: ignore[arg-type]
        return _titled(art.title, art.text) if titled else art.text

    return fn


def _titled(title: str | None, text: str | None) -> str:
    return "\n".join(x for x in (title, text) if x)


def site_templates(pages: list[tuple[str, bytes, str, str]]) -> dict[str, object]:
    from svodka.extract.templates import learn_template

    by_site: dict[str, list[tuple[bytes, str]]] = defaultdict(list)
    for _, html, url, _ in pages:
        by_site[urlsplit(url).netloc].append((html, url))
    out: dict[str, object] = {}
    for site_pages in by_site.values():
        if len(site_pages) < 2:
            continue
        tpl = learn_template(site_pages)
        for _, url in site_pages:
            out[url] = tpl
    return out


def synthetic_rows(sites: int, pages: int = 8) -> dict[str, dict[str, float]]:
    """svodka without and with a template on generated outlets (leave-one-out learning)."""
    sys.path.insert(0, str(ROOT / "tests" / "extract"))
    from extract_sitegen import generate_site

    from svodka.extract import extract
    from svodka.extract.templates import learn_template

    rows: dict[str, list[tuple[str, str]]] = {"svodka (no template)": [],
                                               "svodka + template (7 other pages)": []}
    times = {k: 0.0 for k in rows}
    for seed in range(sites):
        site = generate_site(seed, pages)
        for i, page in enumerate(site):
            tpl = learn_template([(q.html, q.url) for j, q in enumerate(site) if j != i])
            truth = "\n\n".join(page.paragraphs)
            for name, t in (("svodka (no template)", None),
                            ("svodka + template (7 other pages)", tpl)):
                t0 = time.process_time()
                out = extract(page.html, url=page.url, template=t).text
                times[name] += time.process_time() - t0
                rows[name].append((truth, out))
    result = {}
    for name, pairs in rows.items():
        f1, p, r = score(pairs)
        result[name] = {"f1": f1, "precision": p, "recall": r,
                        "pages_s": len(pairs) / max(times[name], 1e-9)}
    return result


def trafilatura_fn(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False) or ""


def trafilatura_titled(html: bytes, url: str) -> str:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
    return _titled(doc.title, doc.text) if doc is not None else ""


def readability_fn(html: bytes, url: str, titled: bool = False) -> str:
    from lxml import html as lhtml
    from readability import Document

    from svodka.charset import decode_html

    doc = Document(decode_html(html))
    summary = doc.summary(html_partial=True)
    text = lhtml.fromstring(summary).text_content() if summary.strip() else ""
    return _titled(doc.short_title(), text) if titled else text


def readability_titled(html: bytes, url: str) -> str:
    return readability_fn(html, url, titled=True)


def print_row(name: str, m: dict[str, float]) -> None:
    print(f"| {name} | {m['f1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | "
          f"{m['pages_s']:.0f} |", flush=True)


def compare(title: str, pages: list[tuple[str, bytes, str, str]], args: argparse.Namespace,
            titled: bool, per_page: dict[str, dict[str, float]]) -> None:
    """Every extractor on one set: F1, precision, recall, speed and lost pages, in one run."""
    print(f"\n{title}: {len(pages)} pages" + (" (headline + text)" if titled else ""))
    print("| extractor | F1 | precision | recall | pages/s |")
    print("| --- | --- | --- | --- | --- |")
    rows: dict[str, dict[str, float]] = {}
    seen: dict[str, dict[str, float]] = {}
    if args.only in (None, "trafilatura"):
        rows["trafilatura"] = run("trafilatura", trafilatura_titled if titled else trafilatura_fn,
                                  pages, seen, args.repeat)
        print_row("trafilatura 2.3.1 (include_comments=False)", rows["trafilatura"])
    if args.only in (None, "readability"):
        rows["readability"] = run("readability", readability_titled if titled else readability_fn,
                                  pages, seen, args.repeat)
        print_row("readability-lxml", rows["readability"])
    if args.only in (None, "svodka"):
        rows["svodka"] = run("svodka", svodka_fn(titled=titled), pages, seen, args.repeat)
        print_row("svodka (no template)", rows["svodka"])
        if not titled:
            rows["svodka+tpl"] = run("svodka+tpl", svodka_fn(site_templates(pages)), pages, seen,
                                     args.repeat)
            print_row("svodka + template (site set, ~2 pages/site)", rows["svodka+tpl"])
    if "trafilatura" in rows and "svodka" in rows:
        print(f"speed ratio svodka/trafilatura: "
              f"{rows['svodka']['pages_s'] / rows['trafilatura']['pages_s']:.1f}x")
    lost = {name: sum(1 for v in seen.values() if v.get(name, 1.0) < LOST) for name in rows}
    print(f"pages with F1 < {LOST}: " + ", ".join(f"{n} {k} of {len(pages)}"
                                                  for n, k in lost.items()))
    for pid, v in seen.items():
        per_page.setdefault(pid, {}).update(v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--waddle", type=Path, default=DEFAULT_WADDLE)
    ap.add_argument("--only", choices=["svodka", "trafilatura", "readability"], default=None)
    ap.add_argument("--synthetic", action="store_true", help="also the generated multi-page sites")
    ap.add_argument("--sites", type=int, default=30, help="generated outlets for --synthetic")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the fastest counts")
    ap.add_argument("--per-page", type=Path, default=None, help="write per-page F1 (TSV)")
    args = ap.parse_args(argv)
    have_bench = (args.data / "ground-truth.json").exists()
    have_waddle = (args.waddle / "html").is_dir()
    if not have_bench and not have_waddle:
        print(f"benchmark data not found at {args.data} nor {args.waddle}", file=sys.stderr)
        return 2
    per_page: dict[str, dict[str, float]] = {}
    if have_bench:
        compare(f"Article-extraction benchmark ({args.data})", load(args.data), args, False,
                per_page)
    if have_waddle:
        compare(f"waddle-ru-dev ({args.waddle})", load_waddle(args.waddle), args, True, per_page)
    if args.synthetic:
        print("\nGenerated multi-page outlets (not real pages; see tests/extract/extract_sitegen.py):")
        print("| extractor | F1 | precision | recall | pages/s |")
        print("| --- | --- | --- | --- | --- |")
        for name, m in synthetic_rows(args.sites).items():
            print_row(name, m)
    if args.per_page:
        names = sorted({k for v in per_page.values() for k in v})
        lines = ["id\t" + "\t".join(names)]
        lines += [pid + "\t" + "\t".join(f"{v[n]:.3f}" if n in v else "" for n in names)
                  for pid, v in sorted(per_page.items())]
        args.per_page.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
