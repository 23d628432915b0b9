"""Generated outlets: several pages per site with the site's own boilerplate, for templates.

Each site has random, meaningless CSS class names (as CSS-modules and utility-class sites do), so
no class hint helps, and boilerplate that reads like prose: an "about us" blurb and a disclaimer
inside the article container, an app promotion line without channel names, a related-list
heading in the site's own words. Article paragraphs are sentence soup from a per-language
vocabulary; every page's article is different. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_WORDS = {
    "ru": ("власти город район проект жители закон депутаты решение компания рынок цены школа "
           "больница дорога мост суд полиция выборы бюджет министр губернатор совет завод "
           "область налог пенсия врач учитель семья ребёнок рабочие строительство ремонт").split(),
    "uk": ("влада місто район проєкт мешканці закон депутати рішення компанія ринок ціни школа "
           "лікарня дорога міст суд поліція вибори бюджет міністр голова рада завод область "
           "податок пенсія лікар вчитель родина дитина робітники будівництво ремонт").split(),
    "en": ("council city district project residents law members decision company market prices "
           "school hospital road bridge court police election budget minister mayor board "
           "factory region tax pension doctor teacher family child workers construction").split(),
}
_VERBS = {
    "ru": "объявили обсудили утвердили отложили проверили начали завершили раскритиковали".split(),
    "uk": "оголосили обговорили затвердили відклали перевірили почали завершили розкритикували".split(),
    "en": "announced discussed approved postponed checked started finished criticised".split(),
}


@dataclass
class GenPage:
    html: str
    url: str
    paragraphs: list[str]  # the article's text, the reference
    boilerplate: list[str]  # the site's prose-like lines on this page


def _sentence(rng: random.Random, lang: str) -> str:
    w, v = _WORDS[lang], _VERBS[lang]
    n = rng.randint(7, 14)
    words = [rng.choice(w) for _ in range(n)]
    words.insert(rng.randint(1, 3), rng.choice(v))
    if rng.random() < 0.5:
        words.insert(rng.randint(3, len(words) - 1), ",")
    s = " ".join(words).replace(" ,", ",")
    return s[0].upper() + s[1:] + rng.choice(".....!")


def _paragraph(rng: random.Random, lang: str, k: tuple[int, int] = (2, 4)) -> str:
    return " ".join(_sentence(rng, lang) for _ in range(rng.randint(*k)))


def _cls(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(6))


def generate_site(seed: int, pages: int = 8, lang: str | None = None) -> list[GenPage]:
    rng = random.Random(seed)
    lang = lang or rng.choice(["ru", "uk", "en"])
    host = f"site{seed}.example"
    c = {k: _cls(rng) for k in ("wrap", "head", "menu", "main", "body", "tail", "rel", "foot",
                                "side", "title")}
    about = _paragraph(rng, lang, (2, 3))
    disclaimer = _sentence(rng, lang) + " " + _sentence(rng, lang)
    app_line = _sentence(rng, lang)
    rel_head = " ".join(rng.choice(_WORDS[lang]) for _ in range(3)).capitalize()
    side = _paragraph(rng, lang, (2, 3))
    menu = "".join(f'<a href="/{w}">{w}</a> ' for w in rng.sample(_WORDS[lang], 6))
    out: list[GenPage] = []
    for i in range(pages):
        title = _sentence(rng, lang).rstrip(".!")
        paras = [_paragraph(rng, lang) for _ in range(rng.randint(3, 7))]
        rel = "".join(f'<li><a href="/n/{i}-{j}">{_sentence(rng, lang)}</a></li>' for j in range(3))
        body = "".join(f"<p>{p}</p>" for p in paras)
        html = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title></head><body><div class="{c['wrap']}">
<div class="{c['head']}"><div class="{c['menu']}">{menu}</div></div>
<div class="{c['main']}"><h1 class="{c['title']}">{title}</h1>
<div class="{c['body']}">{body}<p>{app_line}</p></div>
<div class="{c['tail']}"><p>{disclaimer}</p><p>{about}</p>
<div class="{c['rel']}"><b>{rel_head}</b><ul>{rel}</ul></div></div></div>
<div class="{c['side']}"><p>{side}</p></div>
<div class="{c['foot']}">{menu}</div></div></body></html>"""
        out.append(GenPage(html=html, url=f"https://{host}/news/{i}", paragraphs=paras,
                           boilerplate=[app_line, disclaimer, about, side]))
    return out
