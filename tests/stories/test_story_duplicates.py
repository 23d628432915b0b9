"""Near-duplicates: rewrites and reposts of one text are one group; two outlets' own reports of
one event are not, however many names and numbers they share."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from svodka.records import Article, ArticleWrite, Block, Enrichment, Source
from svodka.store import Store
from svodka.stories.duplicates import MIN_RESEMBLANCE, fingerprint

# A wire report as the agency sent it.
WIRE_RU = [
    "Национальный банк Украины снизил учетную ставку на один процентный пункт, до 14,5% "
    "годовых, сообщила пресс-служба регулятора в четверг.",
    "Решение принято на заседании правления с учетом замедления инфляции, которая в октябре "
    "составила 9,1% в годовом измерении, и улучшения ожиданий бизнеса и населения.",
    "По словам главы НБУ Андрея Пышного, регулятор готов продолжить смягчение монетарной "
    "политики, если инфляционные риски не усилятся, а международная помощь будет поступать "
    "вовремя.",
    "Следующее заседание правления по вопросам монетарной политики состоится 11 декабря. "
    "Аналитики ожидают, что ставка останется без изменений до конца года.",
]
# The same copy on another site: a reworded lead, another title, a paragraph of its own added.
REWRITE_RU = [
    "В четверг Нацбанк Украины понизил учетную ставку сразу на процентный пункт — до 14,5% "
    "годовых, говорится в сообщении регулятора.",
    *WIRE_RU[1:3],
    "Напомним, в сентябре НБУ оставил ставку без изменений, сославшись на риски для "
    "валютного рынка и неопределенность с внешним финансированием.",
    WIRE_RU[3],
]
# Another outlet's own report of the same decision: same names, numbers and dates.
OWN_RU = [
    "Правление НБУ во главе с Андреем Пышным в четверг решило уменьшить учетную ставку до "
    "14,5%: это первое снижение с весны.",
    "Экономисты связывают шаг регулятора с тем, что инфляция в октябре замедлилась до 9,1%, "
    "а курс гривны остается стабильным благодаря международной помощи.",
    "Банкиры говорят, что кредиты для бизнеса подешевеют не раньше весны, а ставки по "
    "депозитам начнут снижаться уже в декабре, после заседания 11 декабря.",
]
WIRE_EN = [
    "Severe storm Vera swept across western Ukraine overnight, cutting power to more than "
    "120,000 households in the Lviv, Ivano-Frankivsk and Zakarpattia regions, the energy "
    "ministry said on Tuesday.",
    "Emergency crews were working to restore supplies, and the ministry said most customers "
    "should be reconnected by the evening. Two people were injured by falling trees in Lviv.",
    "Forecasters warned that strong winds would continue into Wednesday and advised residents "
    "to avoid travel in mountain areas.",
]
REPOST_EN = [
    "More than 120,000 households in western Ukraine lost power after storm Vera swept "
    "through the Lviv, Ivano-Frankivsk and Zakarpattia regions overnight, the energy ministry "
    "said on Tuesday.",
    *WIRE_EN[1:],
]
OWN_EN = [
    "Storm Vera left 120,000 homes in western Ukraine without electricity on Tuesday, "
    "according to the energy ministry, as winds toppled trees and power lines in Lviv.",
    "In Ivano-Frankivsk, a regional official said repair teams had reached most villages by "
    "noon; in Zakarpattia, landslides blocked two mountain roads.",
    "Meteorologists expect the wind to ease on Wednesday.",
]


def _text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def _alike(a: list[str], b: list[str]) -> float:
    fa, fb = fingerprint(_text(a)), fingerprint(_text(b))
    assert fa is not None and fb is not None
    return fa.resemblance(fb.signature)


@pytest.mark.parametrize(("original", "copy"), [(WIRE_RU, REWRITE_RU), (WIRE_EN, REPOST_EN)])
def test_a_rewrite_of_one_text_resembles_it(original, copy):
    assert _alike(original, copy) >= MIN_RESEMBLANCE
    assert _alike(original, original) == 1.0


@pytest.mark.parametrize(("a", "b"), [(WIRE_RU, OWN_RU), (REWRITE_RU, OWN_RU), (WIRE_EN, OWN_EN),
                                      (WIRE_RU, WIRE_EN)])
def test_reports_of_one_event_in_their_own_words_do_not(a, b):
    assert _alike(a, b) < MIN_RESEMBLANCE / 2


def test_a_short_text_has_no_fingerprint():
    assert fingerprint("Нацбанк снизил ставку до 14,5%.") is None


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def _write(n: int, source: Source, title: str, paragraphs: list[str]) -> ArticleWrite:
    url = f"https://{source.name}.example/{n}"
    art = Article(url=url, title=title, blocks=[Block(p) for p in paragraphs],
                  published=datetime(2026, 11, 26, 10, n, tzinfo=UTC))
    return ArticleWrite(entry_id=None, source_id=source.id or 0, article=art,
                        enrichment=Enrichment(language="ru"), fetched_at=art.published, url=url,
                        fingerprint=fingerprint(art.text))


def test_the_store_groups_copies_across_batches_and_within_one(store: Store):
    a, b, c, d = (store.add_source(Source(url=f"https://{n}.example/rss", name=n))
                  for n in ("agency", "copier", "own", "english"))
    [wire], _ = store.save_articles([_write(1, a, "НБУ снизил ставку до 14,5%", WIRE_RU)])
    ids, _ = store.save_articles([
        _write(2, b, "Нацбанк понизил учетную ставку", REWRITE_RU),
        _write(3, c, "Ставка НБУ: что изменится для заемщиков", OWN_RU),
        _write(4, d, "Storm Vera cuts power", WIRE_EN),
        _write(5, b, "Storm leaves 120,000 homes without power", REPOST_EN)])
    groups = dict(zip(["wire", "rewrite", "own", "en", "repost"],
                      store.duplicate_groups([wire, *ids]).values(), strict=True))
    assert groups["wire"] == groups["rewrite"] == wire
    assert groups["own"] not in (wire, groups["en"])
    assert groups["en"] == groups["repost"] == ids[2]
    # a copy stored again (reprocessing) stays in its group
    store.save_articles([_write(2, b, "Нацбанк понизил учетную ставку", REWRITE_RU)])
    assert store.duplicate_groups([ids[0]]) == {ids[0]: wire}
