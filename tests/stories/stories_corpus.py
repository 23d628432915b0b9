"""A small hand-written news corpus: three events reported in Russian, Ukrainian and English,
look-alikes that share a name or a subject with them, and unrelated articles.

All texts are written for these tests; the events are invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from svodka.records import Article, Block

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Report:
    key: str  # unique name of the report
    event: str  # reports of one event share this; look-alikes and unrelated ones have their own
    source: str
    lang: str
    hours: float  # published this many hours after T0
    title: str
    body: str

    def article(self) -> Article:
        return Article(
            url=f"https://{self.source}.example/{self.key}",
            title=self.title,
            blocks=[Block(text=p) for p in self.body.split("\n")],
            published=T0 + timedelta(hours=self.hours),
            language=self.lang,
            site_name=self.source,
        )


REPORTS = [
    Report("drones-ru", "drones", "vesti-a", "ru", 0.0,
           "Зеленский и Дуда подписали в Варшаве соглашение о совместном производстве дронов",
           "Президент Украины Владимир Зеленский и президент Польши Анджей Дуда во вторник "
           "подписали в Варшаве соглашение о совместном производстве беспилотников.\n"
           "Документ предусматривает строительство двух заводов на территории Польши и инвестиции "
           "в размере 300 миллионов евро. По словам Зеленского, первые дроны сойдут с конвейера уже "
           "осенью. Дуда назвал соглашение важным шагом для безопасности всего региона."),
    Report("quake-en", "quake", "wire-e", "en", 0.5,
           "Magnitude 6.4 earthquake strikes Turkey's Malatya province, killing 12",
           "A magnitude 6.4 earthquake struck the eastern Turkish province of Malatya early on "
           "Wednesday, killing at least 12 people and injuring more than 200, Turkey's disaster "
           "agency AFAD said.\nDozens of buildings collapsed in the town of Yesilyurt. Rescue teams "
           "are searching the rubble for survivors, Interior Minister Ali Yerlikaya said."),
    Report("drones-uk", "drones", "novyny-u", "uk", 1.0,
           "Зеленський і Дуда підписали у Варшаві угоду про спільне виробництво дронів",
           "Президент України Володимир Зеленський та президент Польщі Анджей Дуда у вівторок "
           "підписали у Варшаві угоду про спільне виробництво безпілотників.\nДокумент передбачає "
           "будівництво двох заводів на території Польщі та інвестиції у розмірі 300 мільйонів "
           "євро. За словами Зеленського, перші дрони зійдуть з конвеєра вже восени."),
    Report("weather-ru", "weather", "vesti-a", "ru", 1.5,
           "Синоптики пообещали Одессе теплые выходные",
           "В Одессе в субботу и воскресенье ожидается до 18 градусов тепла и солнечная погода, "
           "сообщили в Гидрометцентре. Осадков не прогнозируется, ветер слабый."),
    Report("quake-ru", "quake", "vesti-b", "ru", 2.0,
           "Землетрясение магнитудой 6,4 в турецкой Малатье унесло жизни 12 человек",
           "Землетрясение магнитудой 6,4 произошло в среду утром в восточной турецкой провинции "
           "Малатья. Погибли по меньшей мере 12 человек, более 200 получили ранения, сообщило "
           "агентство AFAD.\nВ городе Ешильюрт обрушились десятки зданий. Спасатели ищут выживших "
           "под завалами, заявил министр внутренних дел Али Ерликая."),
    Report("drones-en", "drones", "wire-e", "en", 2.5,
           "Zelensky and Duda sign drone production deal in Warsaw",
           "Ukrainian President Volodymyr Zelensky and Polish President Andrzej Duda signed an "
           "agreement in Warsaw on Tuesday to jointly manufacture drones.\nThe deal foresees two "
           "factories in Poland and an investment of 300 million euros. Zelensky said the first "
           "drones would leave the assembly line in the autumn. Duda called the agreement an "
           "important step for the security of the region."),
    Report("cup-uk", "cup", "sport-u", "uk", 3.0,
           "«Динамо» обіграло «Шахтар» у фіналі Кубка України",
           "Київське «Динамо» перемогло донецький «Шахтар» з рахунком 3:1 у фіналі Кубка "
           "України, який відбувся у Львові.\nДва голи забив Владислав Ваната, ще один — Віталій "
           "Буяльський. У складі «Шахтаря» відзначився Георгій Судаков."),
    Report("rates-en", "rates", "city-e", "en", 3.5,
           "Bank of England holds interest rates at 4.5%",
           "The Bank of England kept its benchmark interest rate at 4.5% on Thursday, as "
           "policymakers said inflation was still too high to cut borrowing costs.\nGovernor Andrew "
           "Bailey said the committee would watch wage growth closely."),
    Report("hospital-ru", "hospital", "vesti-b", "ru", 4.0,
           "Зеленский посетил раненых в госпитале Харькова",
           "Владимир Зеленский в среду посетил военный госпиталь в Харькове и вручил награды "
           "раненым военным.\nПрезидент также провел совещание с руководством области о "
           "восстановлении энергетики."),
    Report("quake-uk", "quake", "novyny-u", "uk", 4.5,
           "Землетрус магнітудою 6,4 у турецькій Малатьї забрав життя 12 людей",
           "Землетрус магнітудою 6,4 стався у середу вранці у східній турецькій провінції Малатья. "
           "Загинули щонайменше 12 людей, понад 200 поранені, повідомило агентство AFAD.\nУ місті "
           "Єшильюрт обвалилися десятки будівель. Рятувальники шукають людей під завалами, заявив "
           "міністр внутрішніх справ Алі Єрликая."),
    Report("cup-ru", "cup", "sport-r", "ru", 5.0,
           "«Динамо» обыграло «Шахтер» в финале Кубка Украины",
           "Киевское «Динамо» победило донецкий «Шахтер» со счетом 3:1 в финале Кубка Украины, "
           "который прошел во Львове.\nДва гола забил Владислав Ваната, еще один — Виталий "
           "Буяльский. У «Шахтера» отличился Георгий Судаков."),
    Report("bread-uk", "bread", "novyny-u", "uk", 5.5,
           "У Києві подорожчав хліб",
           "Ціни на хліб у київських супермаркетах за місяць зросли в середньому на 8%, "
           "підрахували аналітики. Виробники пояснюють подорожчання зростанням вартості борошна та "
           "електроенергії."),
    Report("drones-ru2", "drones", "vesti-b", "ru", 6.0,
           "В Варшаве Украина и Польша договорились выпускать беспилотники",
           "Украина и Польша построят два завода по выпуску беспилотников, следует из соглашения, "
           "которое Владимир Зеленский и Анджей Дуда подписали в Варшаве. Объем инвестиций "
           "оценивается в 300 миллионов евро."),
    Report("cup-en", "cup", "wire-e", "en", 6.5,
           "Dynamo Kyiv beat Shakhtar 3-1 to win Ukrainian Cup",
           "Dynamo Kyiv beat Shakhtar Donetsk 3-1 in the Ukrainian Cup final in Lviv on Wednesday. "
           "Vladyslav Vanata scored twice and Vitaliy Buyalskyi added a third, while Georgiy "
           "Sudakov scored for Shakhtar."),
    Report("metro-ru", "metro", "vesti-a", "ru", 7.0,
           "В Москве открылась новая станция метро",
           "В Москве открылась станция метро «Рублево-Архангельское», сообщил мэр Сергей Собянин. "
           "Станция стала 270-й в столичной подземке, пассажиров начнут пускать в полдень."),
    Report("laptop-en", "laptop", "tech-e", "en", 8.0,
           "Apple unveils new MacBook Air with longer battery life",
           "Apple on Tuesday unveiled a new MacBook Air with a faster chip and up to 20 hours of "
           "battery life. The laptop goes on sale next week, starting at 1,099 dollars."),
    # Twelve days on: the same place and subject, a new event.
    Report("quake-late-ru", "quake-late", "vesti-a", "ru", 12 * 24.0,
           "Новое землетрясение магнитудой 5,1 произошло в турецкой Малатье",
           "Землетрясение магнитудой 5,1 зафиксировано в провинции Малатья на востоке Турции, "
           "сообщило агентство AFAD. Погибших и пострадавших нет, здания не повреждены."),
]


def by_key() -> dict[str, Report]:
    return {r.key: r for r in REPORTS}
