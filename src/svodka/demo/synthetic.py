"""A large, procedurally composed news web for the ingest benchmark.

Same API as ``SampleWeb``; styles, languages and feed formats rotate over the outlets,
and synthetic events are shared among outlets so that stories can form.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from svodka.demo import vocab
from svodka.demo.model import OutletSpec, SampleArticle
from svodka.demo.sample import OUTLET_SPECS, aware_now, link_related, place
from svodka.demo.server import App, ServedWeb
from svodka.demo.site import OutletSite

FEED_FORMATS = ("rss", "atom", "jsonfeed", "news-sitemap", "rss")
OFFSETS = {"ru": 3, "uk": 2, "en": 0}


@dataclass(frozen=True, slots=True)
class _Event:
    key: str
    slots: tuple[int, int, int, int]  # place, org, person, topic rows of the vocabulary
    n: int
    m: int
    k: int
    at: datetime


def _fill(template: str, lang: str, slots: tuple[int, int, int, int],
          numbers: dict[str, int | str]) -> str:
    li = vocab.LANGS.index(lang)
    p, o, pe, t = slots
    topic = vocab.TOPICS[t][li]
    return template.format(place=vocab.PLACES[p][li], org=vocab.ORGS[o][li],
                           person=vocab.PEOPLE[pe][li], topic=topic,
                           Topic=topic[:1].upper() + topic[1:], **numbers)


def synthetic_specs(n_outlets: int) -> list[OutletSpec]:
    """Outlet specs rotating over the sample styles, languages and feed formats."""
    specs = []
    for i in range(n_outlets):
        base = OUTLET_SPECS[i % len(OUTLET_SPECS)]
        lang = vocab.LANGS[i % 3]
        name = (f"{vocab.PLACES[i % len(vocab.PLACES)][vocab.LANGS.index(lang)]} "
                f"{vocab.NAME_WORDS[lang][i % 4]} {i:02d}")
        specs.append(replace(base, slug=f"synth-{i:02d}", name=name, language=lang,
                             feed_format=FEED_FORMATS[i % len(FEED_FORMATS)],
                             utc_offset_hours=OFFSETS[lang], tagline=name))
    return specs


def serve_child() -> None:
    """Child-process entry: serve the web given as JSON in argv, print the roots, then
    serve until stdin closes (the parent stopped, or died).

    Every page, feed and image is rendered before the roots are printed, so that the
    crawl a benchmark times costs this process only the serving of ready responses."""
    kwargs = json.loads(sys.argv[1])
    kwargs["now"] = datetime.fromisoformat(kwargs["now"])
    kwargs["image_size"] = tuple(kwargs["image_size"])
    with SyntheticWeb(**kwargs, prerender=True) as web:
        print(json.dumps([o.base_url.rstrip("/") for o in web.outlets]), flush=True)
        sys.stdin.read()


class SyntheticWeb(ServedWeb):
    """``n_outlets`` servers with ``articles_per_outlet`` articles each, deterministic by seed.

    ``separate_process=True`` serves from a child process, so that a benchmark's crawler
    does not share its interpreter (and GIL) with the servers; the ground truth is rebuilt
    in this process from the same seed. ``request_log()`` is then empty.
    ``prerender=True`` renders every page, feed and image at start instead of on first request
    (the separate process does).
    """

    def __init__(self, n_outlets: int = 50, articles_per_outlet: int = 100, seed: int = 1,
                 now: datetime | None = None, *, host: str = "127.0.0.1",
                 image_size: tuple[int, int] = (160, 90), separate_process: bool = False,
                 prerender: bool = False) -> None:
        super().__init__(host=host)
        self.now = aware_now(now)
        self.seed = seed
        self.articles_per_outlet = articles_per_outlet
        self.image_size = image_size
        self.specs = synthetic_specs(n_outlets)
        self.separate_process = separate_process
        self.prerender = prerender
        self.events: list[_Event] = []  # the shared events, filled by start()
        self._child: subprocess.Popen[str] | None = None

    @property
    def pid(self) -> int | None:
        """The serving child process's id (``separate_process=True``), else None."""
        return self._child.pid if self._child is not None else None

    def _server_count(self) -> int:
        return len(self.specs)

    def _events(self, rng: random.Random) -> list[_Event]:
        count = max(1, len(self.specs) * self.articles_per_outlet // 25)
        return [_Event(
            key=f"synth-event-{e}",
            slots=(rng.randrange(len(vocab.PLACES)), rng.randrange(len(vocab.ORGS)),
                   rng.randrange(len(vocab.PEOPLE)), rng.randrange(len(vocab.TOPICS))),
            n=rng.randint(2, 900), m=rng.randint(1, 300), k=rng.randint(3, 60),
            at=self.now - timedelta(minutes=rng.randint(180, 72 * 60)),
        ) for e in range(count)]

    def _article(self, rng: random.Random, spec: OutletSpec, j: int,
                 event: _Event | None) -> SampleArticle:
        lang = spec.language
        if event is not None:
            slots, n, m, k = event.slots, event.n, event.m, event.k
            published = event.at + timedelta(minutes=rng.randint(0, 180))
        else:
            slots = (rng.randrange(len(vocab.PLACES)), rng.randrange(len(vocab.ORGS)),
                     rng.randrange(len(vocab.PEOPLE)), rng.randrange(len(vocab.TOPICS)))
            n, m, k = rng.randint(2, 900), rng.randint(1, 300), rng.randint(3, 60)
            published = self.now - timedelta(minutes=rng.randint(5, 72 * 60))
        numbers: dict[str, int | str] = {
            "n": n, "m": m, "k": k, "h": rng.randint(8, 20),
            "phone": f"0 800 {rng.randint(100, 999)} {rng.randint(100, 999)}"}
        sentences = [_fill(s, lang, slots, numbers)
                     for s in rng.sample(vocab.SENTENCES[lang], 6)]
        paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, 6, 2)]
        paragraphs.append(vocab.SIGN_OFF[lang].format(outlet=spec.name, j=j + 1))
        title = _fill(rng.choice(vocab.TITLES[lang]), lang, slots, numbers)
        images = 2 if j % 3 == 0 else 1
        return SampleArticle(
            outlet=spec.slug, url="", language=lang, title=title,
            lead=_fill(vocab.LEADS[lang], lang, slots, numbers), paragraphs=paragraphs,
            image_urls=[], event=event.key if event else None, is_news=True,
            published=min(published, self.now).astimezone(spec.tz), related_urls=[],
            authors=[vocab.PEOPLE[(j + 1) % len(vocab.PEOPLE)][vocab.LANGS.index(lang)]],
            section=vocab.SECTION[lang], tags=[vocab.TOPICS[slots[3]][vocab.LANGS.index(lang)]],
            image_captions=[title] * images, slug=f"{lang}-story-{j}", number=10000 + j,
        )

    def _build(self, roots: list[str]) -> list[App]:
        rng = random.Random(self.seed)
        events = self.events = self._events(rng)
        sites: list[App] = []
        articles: list[SampleArticle] = []
        for spec, root in zip(self.specs, roots, strict=True):
            own = []
            for j in range(self.articles_per_outlet):
                event = rng.choice(events) if rng.random() < 0.6 else None
                a = self._article(rng, spec, j, event)
                place(a, spec, root)
                own.append(a)
            link_related(own)
            articles.extend(own)
            self.outlets.append(spec.outlet(root))
            site = OutletSite(spec, spec.outlet(root), own, image_size=self.image_size)
            if self.prerender:
                site.prerender()
            sites.append(site)
        self.articles = articles
        return sites

    def start(self) -> SyntheticWeb:
        if not self.separate_process:
            super().start()
            return self
        if self._child is not None:
            return self
        kwargs = dict(n_outlets=len(self.specs), articles_per_outlet=self.articles_per_outlet,
                      seed=self.seed, now=self.now.isoformat(), host=self.host,
                      image_size=list(self.image_size))
        self._child = subprocess.Popen(
            [sys.executable, "-c", "from svodka.demo.synthetic import serve_child; serve_child()",
             json.dumps(kwargs)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._child.stdout is not None
        line = self._child.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError("the synthetic web's process failed to start")
        self._build(json.loads(line))  # the same seed gives the same ground truth
        return self

    def stop(self) -> None:
        child, self._child = self._child, None
        if child is None:
            super().stop()
            return
        assert child.stdin is not None and child.stdout is not None
        child.stdin.close()  # the child serves until its stdin closes
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        child.stdout.close()

    def __enter__(self) -> SyntheticWeb:
        return self.start()
