"""Serve the sample web alone, for poking at it by hand.

    python -m svodka.demo [--synthetic N_OUTLETS] [--opml FILE]

Prints every outlet's home page and feed, optionally writes the OPML, and serves until
interrupted. ``svodka demo`` (the CLI) is what crawls it and serves the site.
"""

from __future__ import annotations

import argparse
import threading

from svodka.demo import SampleWeb, SyntheticWeb
from svodka.demo.server import ServedWeb


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m svodka.demo", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synthetic", type=int, metavar="N_OUTLETS",
                    help="serve the synthetic web with this many outlets instead")
    ap.add_argument("--per-outlet", type=int, default=100)
    ap.add_argument("--opml", help="write the outlets' OPML to this file")
    args = ap.parse_args(argv)
    web: ServedWeb = (SyntheticWeb(args.synthetic, args.per_outlet) if args.synthetic
                      else SampleWeb())
    with web:
        for o in web.outlets:
            print(f"{o.language}  {o.base_url:<28} {o.kind:<8} {o.feed_url}  {o.name}")
        print(f"{len(web.articles)} articles on {len(web.outlets)} outlets; Ctrl-C stops.")
        if args.opml:
            with open(args.opml, "w", encoding="utf-8") as f:
                f.write(web.opml())
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
