"""Centroid drift: a stream of war coverage in which every report shares most of its wording.

Generated here (seeded): a few events, each reported in Russian, Ukrainian and English (their own
place, commander, unit and figures), amid many one-off reports of the same war written with the
same stock sentences and names. Centroid matching chains them (a story's centroid becomes the
average war report and draws everything); the story engine's average linkage over report pairs
keeps each story bounded and still joins each event's reports across the three languages.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from svodka.records import Article, Block, Enrichment
from svodka.stories import StoryMatcher, features

T0 = datetime(2026, 5, 4, 6, 0, tzinfo=UTC)
LANGS = ("ru", "uk", "en")

# One row per thing, in ru, uk, en: names transliterate to the same anchors across scripts.
PLACES = [
    ("Харьков", "Харків", "Kharkiv"), ("Одесса", "Одеса", "Odesa"), ("Днепр", "Дніпро", "Dnipro"),
    ("Запорожье", "Запоріжжя", "Zaporizhzhia"), ("Сумы", "Суми", "Sumy"),
    ("Николаев", "Миколаїв", "Mykolaiv"), ("Херсон", "Херсон", "Kherson"),
    ("Полтава", "Полтава", "Poltava"), ("Чернигов", "Чернігів", "Chernihiv"),
    ("Кременчуг", "Кременчук", "Kremenchuk"), ("Житомир", "Житомир", "Zhytomyr"),
    ("Винница", "Вінниця", "Vinnytsia"), ("Краматорск", "Краматорськ", "Kramatorsk"),
    ("Славянск", "Слов'янськ", "Sloviansk"), ("Покровск", "Покровськ", "Pokrovsk"),
    ("Никополь", "Нікополь", "Nikopol"), ("Измаил", "Ізмаїл", "Izmail"),
    ("Белгород", "Бєлгород", "Belgorod"), ("Купянск", "Куп'янськ", "Kupiansk"),
    ("Умань", "Умань", "Uman"), ("Ровно", "Рівне", "Rivne"), ("Луцк", "Луцьк", "Lutsk"),
    ("Черкассы", "Черкаси", "Cherkasy"), ("Кропивницкий", "Кропивницький", "Kropyvnytskyi"),
]
PEOPLE = [
    ("Олег Синегубов", "Олег Синєгубов", "Oleh Syniehubov"),
    ("Иван Федоров", "Іван Федоров", "Ivan Fedorov"),
    ("Сергей Лысак", "Сергій Лисак", "Serhiy Lysak"),
    ("Виталий Ким", "Віталій Кім", "Vitaliy Kim"),
    ("Олег Кипер", "Олег Кіпер", "Oleh Kiper"),
    ("Роман Мрочко", "Роман Мрочко", "Roman Mrochko"),
    ("Артем Лысогор", "Артем Лисогор", "Artem Lysohor"),
    ("Дмитрий Живицкий", "Дмитро Живицький", "Dmytro Zhyvytskyi"),
    ("Вадим Филашкин", "Вадим Філашкін", "Vadym Filashkin"),
    ("Игорь Табурец", "Ігор Табурець", "Ihor Taburets"),
    ("Сергей Борзов", "Сергій Борзов", "Serhiy Borzov"),
    ("Виталий Коваль", "Віталій Коваль", "Vitaliy Koval"),
    ("Иван Арефьев", "Іван Арефьєв", "Ivan Arefiev"),
    ("Юрий Погуляйко", "Юрій Погуляйко", "Yuriy Pohuliaiko"),
    ("Вячеслав Чаус", "В'ячеслав Чаус", "Viacheslav Chaus"),
    ("Руслан Кравченко", "Руслан Кравченко", "Ruslan Kravchenko"),
]
# Every report of the war names these.
COMMON = {
    "ru": ["Силы обороны Украины отражают атаки российской армии на фронте.",
           "Генштаб ВСУ сообщает о продолжении боевых действий.",
           "Российские войска продолжают обстрелы прифронтовых районов.",
           "Власти призывают жителей не игнорировать сигналы воздушной тревоги.",
           "На месте работают спасатели ГСЧС и полиция.",
           "Информация о последствиях уточняется.",
           "Президент Зеленский заявил, что Украина нуждается в дополнительных системах ПВО.",
           "Россия продолжает войну против Украины."],
    "uk": ["Сили оборони України відбивають атаки російської армії на фронті.",
           "Генштаб ЗСУ повідомляє про продовження бойових дій.",
           "Російські війська продовжують обстріли прифронтових районів.",
           "Влада закликає мешканців не ігнорувати сигнали повітряної тривоги.",
           "На місці працюють рятувальники ДСНС і поліція.",
           "Інформація про наслідки уточнюється.",
           "Президент Зеленський заявив, що Україна потребує додаткових систем ППО.",
           "Росія продовжує війну проти України."],
    "en": ["Ukraine's defence forces are repelling Russian attacks on the front.",
           "Ukraine's General Staff reports that fighting continues.",
           "Russian troops keep shelling frontline districts.",
           "The authorities urge residents not to ignore air raid alerts.",
           "Rescuers of the emergency service and police are working at the scene.",
           "Information about the consequences is being clarified.",
           "President Zelensky said Ukraine needs more air defence systems.",
           "Russia continues its war against Ukraine."],
}
# What was hit: an event's own words.
TARGETS = [
    ("школа", "школа", "school"), ("больница", "лікарня", "hospital"), ("порт", "порт", "port"),
    ("подстанция", "підстанція", "substation"), ("элеватор", "елеватор", "grain elevator"),
    ("вокзал", "вокзал", "railway station"), ("рынок", "ринок", "market"),
    ("склад", "склад", "warehouse"), ("мост", "міст", "bridge"), ("общежитие", "гуртожиток",
    "dormitory"), ("котельная", "котельня", "boiler house"), ("автобус", "автобус", "bus"),
]
LEAD = {
    "ru": "{place}: под удар попал {target}, пострадали {n} человек, сообщил {person}.",
    "uk": "{place}: під удар потрапив {target}, постраждали {n} людей, повідомив {person}.",
    "en": "{place}: a {target} was hit, {n} people were injured, {person} said.",
}
TITLE = {
    "ru": "{place}: удар по объекту {target}, {n} пострадавших",
    "uk": "{place}: удар по об'єкту {target}, {n} постраждалих",
    "en": "{place}: strike on {target} injures {n}",
}
DETAIL = {
    "ru": "По словам {person}, повреждены {m} домов, {target} закрыт.",
    "uk": "За словами {person}, пошкоджено {m} будинків, {target} закрито.",
    "en": "According to {person}, {m} houses were damaged and the {target} is closed.",
}


def _stream(seed: int = 7, n_events: int = 6, per_lang: int = 2, n_single: int = 150):
    """(published, event or None, lang, features), oldest first."""
    rng = random.Random(seed)
    reports = []

    def report(lang: str, what: tuple[int, int, int, int, int], at: datetime, event):
        place, person, target, n, m = what
        li = LANGS.index(lang)
        fill = {"place": PLACES[place][li], "person": PEOPLE[person][li],
                "target": TARGETS[target][li], "n": n, "m": m}
        body = [LEAD[lang].format(**fill), *rng.sample(COMMON[lang], 5), DETAIL[lang].format(**fill)]
        art = Article(title=TITLE[lang].format(**fill), blocks=[Block(text=s) for s in body],
                      published=at, language=lang)
        reports.append((at, event, lang, features(art, Enrichment())))

    def what() -> tuple[int, int, int, int, int]:
        return (rng.randrange(len(PLACES)), rng.randrange(len(PEOPLE)),
                rng.randrange(len(TARGETS)), rng.randint(11, 99), rng.randint(101, 999))

    places = rng.sample(range(len(PLACES)), n_events)
    people = rng.sample(range(len(PEOPLE)), n_events)
    for e in range(n_events):
        event = (places[e], people[e], *what()[2:])
        start = T0 + timedelta(hours=rng.uniform(0, 20))
        for lang in LANGS:
            for _ in range(per_lang):
                report(lang, event, start + timedelta(minutes=rng.randint(0, 120)), f"event-{e}")
    for _ in range(n_single):
        report(rng.choice(LANGS), what(), T0 + timedelta(hours=rng.uniform(0, 24)), None)
    reports.sort(key=lambda r: r[0])
    return reports


def _cluster(matcher: StoryMatcher, reports) -> list[int]:
    return [matcher.assign(f, i)[0] for i, (_, _, _, f) in enumerate(reports)]


def _pairs(reports, stories: list[int]) -> tuple[int, int, int]:
    """(true pairs, false pairs, missed pairs): same story vs same event (one-offs are events of
    their own)."""
    tp = fp = fn = 0
    for (a, sa), (b, sb) in itertools.combinations(zip(reports, stories, strict=True), 2):
        same = a[1] is not None and a[1] == b[1]
        tp += same and sa == sb
        fp += sa == sb and not same
        fn += same and sa != sb
    return tp, fp, fn


@pytest.fixture(scope="module")
def reports():
    return _stream()


def test_no_story_swallows_the_war_and_each_event_is_joined_across_languages(reports):
    stories = _cluster(StoryMatcher(), reports)
    tp, fp, fn = _pairs(reports, stories)
    # Without sentence vectors (this stream has none) the words decide; the stock sentences make
    # one-off reports alike, and average linkage keeps what it groups bounded (measured: biggest
    # story 28 of 186 reports, tp 67, fp 1273, fn 23; the weighted matcher before the fitted
    # score: fp about 300). The limit is recorded here: docs/stories.md.
    assert max(Counter(stories).values()) <= len(reports) // 5
    assert tp >= 60 and fn <= 30, (tp, fp, fn)
    members: dict[int, list[tuple]] = defaultdict(list)
    for r, s in zip(reports, stories, strict=True):
        members[s].append(r)
    joined = 0
    for e in {r[1] for r in reports if r[1] is not None}:
        own = Counter(s for r, s in zip(reports, stories, strict=True) if r[1] == e)
        main, n = own.most_common(1)[0]
        joined += n >= 4 and len({r[2] for r in members[main] if r[1] == e}) >= 2
    assert joined >= 4, joined  # of 6 events (words alone: one splits by language)


def test_the_war_stream_partition_does_not_depend_on_the_arrival_order(reports):
    def groups(order: list[int]) -> set[frozenset[int]]:
        matcher = StoryMatcher()
        for i in order:
            matcher.assign(reports[i][3], i)
        by: dict[int, set[int]] = defaultdict(set)
        for aid, s in matcher.partition().items():
            by[s].add(aid)
        return {frozenset(g) for g in by.values()}

    order = list(range(len(reports)))
    first = groups(order)
    random.Random(3).shuffle(order)
    assert groups(order) == first


def test_a_matcher_rebuilt_from_the_store_report_by_report_ends_as_one_that_saw_all(reports):
    """A restart (or another process): the reports placed so far are restored from what the store
    keeps (each report's features, as JSON, and its story), and the rest arrive; the stories end
    as in one uninterrupted matcher, at every cut."""
    whole = StoryMatcher()
    for i, r in enumerate(reports):
        whole.assign(r[3], i)
    expected = whole.partition()
    for cut in (len(reports) // 3, len(reports) // 2, len(reports) - 7):
        first = StoryMatcher()
        for i in range(cut):
            first.assign(reports[i][3], i)
        stored: dict[int, list[tuple[int, dict]]] = defaultdict(list)
        for aid, story in first.partition().items():
            stored[story].append((aid, json.loads(json.dumps(reports[aid][3].to_json()))))
        resumed = StoryMatcher()
        for story, members in sorted(stored.items()):
            resumed.restore(story, members)
        assert resumed.partition() == first.partition()  # restored as stored, nothing re-decided
        for i in range(cut, len(reports)):
            resumed.assign(reports[i][3], i)
        got = resumed.partition()
        assert _groups(got) == _groups(expected), cut


def _groups(partition: dict[int, int]) -> set[frozenset[int]]:
    by: dict[int, set[int]] = defaultdict(set)
    for aid, s in partition.items():
        by[s].add(aid)
    return {frozenset(g) for g in by.values()}
