"""Ingest benchmark on real article pages with real-size hero images, beside bench/ingest.py.

    python bench/ingest_real.py [--copies 3] [--outlets 20] [--workers N]

The 181 real pages of ../shared/data/article-extraction-benchmark (read in place; the script exits
with a note when they are absent) are served, ``--copies`` times each under different URLs, by
``--outlets`` local servers in a child process, each with an RSS feed. Every image a page names
(its own URLs point at the public web, out of reach here) is rewritten to a 1200x800 JPEG on the
local server, with bytes of its own (so each is mirrored and thumbnailed anew, as an outlet's
photos are), and each page gets such a photo as its og:image.

Prints articles per second end to end and CPU per article by process, as bench/ingest.py does;
the baseline measured in the same run is the same fetcher merely downloading every page.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from ingest import timed_crawl  # noqa: E402  (bench/ingest.py, beside this script)
from svodka.config import Settings  # noqa: E402
from svodka.pipeline import Pipeline  # noqa: E402
from svodka.pipeline.admin import import_opml  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "article-extraction-benchmark"
BASE_IMAGES = 24  # drawn once; each page's hero is one of them with its own trailing bytes
# The pages' own image references point at the public web, out of reach here: the hero becomes
# the page's og:image on the local server, the other images a local 404.
_OWN_IMAGE_META = re.compile(rb"<meta[^>]+(?:og:image|twitter:image)[^>]*>", re.I)
_PUBLIC_IMAGE = re.compile(rb"(?:https?:)?//[^\s\"'<>()]+?\.(?:jpe?g|png|gif|webp|avif)", re.I)


def _hero_images(n: int) -> list[bytes]:
    from PIL import Image, ImageDraw

    rng = random.Random(7)
    out = []
    for _ in range(n):
        im = Image.new("RGB", (1200, 800), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(im)
        for _ in range(300):
            x, y = rng.randrange(1200), rng.randrange(800)
            draw.ellipse([x, y, x + rng.randrange(20, 240), y + rng.randrange(20, 240)],
                         fill=tuple(rng.randrange(256) for _ in range(3)))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=85)
        out.append(buf.getvalue())
    return out


def serve_child() -> None:
    """Child process: serve the pages; print the outlets' roots; serve until stdin closes."""
    from svodka.demo.model import SampleOutlet
    from svodka.demo.server import ServedWeb
    from svodka.demo.site import Response

    args = json.loads(sys.argv[1])
    pages = sorted(Path(args["data"]).glob("html/*.html.gz"))
    heroes = _hero_images(BASE_IMAGES)

    counter = iter(range(1 << 30))

    def image_bytes(n: int) -> bytes:
        return heroes[n % len(heroes)] + n.to_bytes(4, "big")  # distinct bytes per image

    class Outlet:
        def __init__(self, slug: str, root: str, items: list[tuple[str, bytes]]) -> None:
            self.outlet = SampleOutlet(slug=slug, name=slug, language="en", base_url=root + "/",
                                       feed_url=root + "/feed.xml", kind="feed")
            self.routes: dict[str, Response] = {}
            now = format_datetime(datetime.now(UTC))
            rows = []
            for path, html in items:
                # every image the page names is a real-size photo on this server
                body = _PUBLIC_IMAGE.sub(lambda _: f"{root}/img/{next(counter)}.jpg".encode(),
                                         _OWN_IMAGE_META.sub(b"", html))
                meta = f'<meta property="og:image" content="{root}/img/{next(counter)}.jpg">'
                body = body.replace(b"</head>", meta.encode() + b"</head>", 1)
                self.routes[path] = Response(200, "text/html; charset=utf-8", body)
                rows.append(f"<item><link>{escape(root + path)}</link><guid>"
                            f"{escape(root + path)}</guid><pubDate>{now}</pubDate></item>")
            feed = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                    f"<title>{slug}</title><link>{root}/</link>{''.join(rows)}</channel></rss>")
            self.routes["/feed.xml"] = Response(200, "application/rss+xml; charset=utf-8",
                                                feed.encode())

        def respond(self, target: str, headers: dict[str, str] | None = None) -> Response:
            path = target.split("?")[0]
            if path.startswith("/img/") and path[5:-4].isdigit():
                return Response(200, "image/jpeg", image_bytes(int(path[5:-4])))
            found = self.routes.get(path)
            return found if found is not None else Response(404, "text/plain", b"not found")

    class RealWeb(ServedWeb):
        def _server_count(self) -> int:
            return args["outlets"]

        def _build(self, roots: list[str]) -> list[Outlet]:
            shares: list[list[tuple[str, bytes]]] = [[] for _ in roots]
            n = 0
            for copy in range(args["copies"]):
                for page in pages:
                    html = gzip.decompress(page.read_bytes())
                    shares[n % len(roots)].append((f"/a/{copy}-{page.name[:16]}.html", html))
                    n += 1
            apps = [Outlet(f"real-{i:02d}", root, items)
                    for i, (root, items) in enumerate(zip(roots, shares, strict=True))]
            self.outlets = [a.outlet for a in apps]
            return apps

    with RealWeb() as web:
        print(json.dumps([o.base_url.rstrip("/") for o in web.outlets]), flush=True)
        sys.stdin.read()


def _opml(roots: list[str]) -> bytes:
    rows = "".join(f"<outline type=\"rss\" text={quoteattr(r)} xmlUrl={quoteattr(r + '/feed.xml')}"
                   f" htmlUrl={quoteattr(r + '/')} language=\"en\"/>" for r in roots)
    return (f'<?xml version="1.0"?><opml version="2.0"><head><title>real</title></head>'
            f"<body>{rows}</body></opml>").encode()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--outlets", type=int, default=20)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--concurrency", type=int, default=64)
    args = ap.parse_args()
    if not (DATA / "html").is_dir():
        print(f"{DATA} is absent: nothing to measure (the data is only in the project's "
              "workplace and CI)")
        return 0
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", json.dumps(
            {"data": str(DATA), "copies": args.copies, "outlets": args.outlets})],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdin is not None
    try:
        roots = json.loads(child.stdout.readline())
        with tempfile.TemporaryDirectory(prefix="svodka-bench-") as tmp:
            settings = Settings(data_dir=Path(tmp) / "data", fetch_allow=["127.0.0.1"],
                                fetch_concurrency=args.concurrency, cpu_workers=args.workers)
            pipeline = Pipeline(settings)
            import_opml(pipeline, _opml(roots))

            m = timed_crawl(pipeline, child.pid)
            summary, took = m.summary, m.seconds
            main_cpu, workers, web = m.main_cpu, m.workers_cpu, m.server_cpu
            stored = pipeline.store.count_articles()
            mirrored = sum(1 for a in pipeline.store.latest_articles(limit=100_000)
                           for im in a.article.images if im.media_key)
            per = 1000 / max(1, stored)
            print(f"real pages: {len(summary.entries)} announced, {stored} stored, "
                  f"{len(summary.failed_entries)} failed, {mirrored} images mirrored")
            print(f"{'svodka crawl (end to end)':<28} {stored / took:8.1f} articles/s ({took:.1f}s)")
            print(f"CPU per article: main process {main_cpu * per:.1f} ms, CPU workers "
                  f"{workers * per:.1f} ms, the local web's server {web * per:.2f} ms; "
                  f"{(main_cpu + workers + web) / took:.2f} of the cores busy")
            print(f"peak memory: main process "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, largest "
                  f"child {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
            for e in summary.failed_entries[:5]:
                print(f"  failed: {e.url}: {e.error}", file=sys.stderr)
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        sys.argv = [sys.argv[0], sys.argv[2]]
        serve_child()
        sys.exit(0)
    sys.exit(main())
