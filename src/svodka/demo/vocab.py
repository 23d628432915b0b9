"""Parallel vocabulary and sentence templates (ru, uk, en) for the synthetic web.

Each vocabulary row names one thing in the three languages, so that reports of one
synthetic event in different languages share their entities and facts.
"""

from __future__ import annotations

LANGS = ("ru", "uk", "en")

PLACES = [
    ("Одесса", "Одеса", "Odesa"), ("Харьков", "Харків", "Kharkiv"), ("Львов", "Львів", "Lviv"),
    ("Днепр", "Дніпро", "Dnipro"), ("Киев", "Київ", "Kyiv"), ("Полтава", "Полтава", "Poltava"),
    ("Винница", "Вінниця", "Vinnytsia"), ("Запорожье", "Запоріжжя", "Zaporizhzhia"),
    ("Черновцы", "Чернівці", "Chernivtsi"), ("Ужгород", "Ужгород", "Uzhhorod"),
    ("Николаев", "Миколаїв", "Mykolaiv"), ("Житомир", "Житомир", "Zhytomyr"),
]
ORGS = [
    ("Укрзализныця", "Укрзалізниця", "Ukrzaliznytsia"), ("Укрэнерго", "Укренерго", "Ukrenergo"),
    ("Минздрав", "МОЗ", "the Health Ministry"), ("Кабмин", "Кабмін", "the Cabinet"),
    ("Сокол Агро", "Сокіл Агро", "Sokil Agro"), ("Vezha Tech", "Vezha Tech", "Vezha Tech"),
    ("горсовет", "міськрада", "the city council"), ("Нацполиция", "Нацполіція", "the National Police"),
]
PEOPLE = [
    ("Андрей Мороз", "Андрій Мороз", "Andriy Moroz"), ("Олег Шевчук", "Олег Шевчук", "Oleh Shevchuk"),
    ("Ирина Коваль", "Ірина Коваль", "Iryna Koval"), ("Наталья Бойко", "Наталія Бойко", "Nataliia Boiko"),
    ("Виктор Лысенко", "Віктор Лисенко", "Viktor Lysenko"), ("Анна Кравец", "Анна Кравець", "Anna Kravets"),
]
TOPICS = [
    ("ремонт моста", "ремонт мосту", "bridge repair"),
    ("новый терминал", "новий термінал", "new terminal"),
    ("отключение воды", "відключення води", "water outage"),
    ("городской фестиваль", "міський фестиваль", "city festival"),
    ("закупка автобусов", "закупівля автобусів", "bus purchase"),
    ("открытие школы", "відкриття школи", "school opening"),
    ("рост цен на хлеб", "зростання цін на хліб", "bread price rise"),
    ("запуск нового поезда", "запуск нового поїзда", "new train service"),
    ("реконструкция парка", "реконструкція парку", "park renovation"),
    ("сбой мобильной связи", "збій мобільного зв'язку", "mobile network failure"),
]

TITLES = {
    "ru": ["{place}: {topic} — {org} назвал сроки", "{Topic} в городе {place}: главное",
           "{org} и {topic}: новые подробности", "{person} прокомментировал {topic}"],
    "uk": ["{place}: {topic} — {org} назвали терміни", "{Topic} у місті {place}: головне",
           "{org} і {topic}: нові подробиці", "{person} прокоментував {topic}"],
    "en": ["{place}: {org} sets dates for {topic}", "{Topic} in {place}: what we know",
           "{org} and the {topic}: new details", "{person} comments on {topic}"],
}
LEADS = {
    "ru": "{place}: {topic} затронет около {m} тысяч человек, сообщает {org}.",
    "uk": "{place}: {topic} торкнеться близько {m} тисяч людей, повідомляє {org}.",
    "en": "{place}: the {topic} will affect about {m},000 people, {org} says.",
}
SENTENCES = {
    "ru": ["{person} заявил, что {topic} обойдётся примерно в {n} миллионов гривен.",
           "Об этом сообщает {org}, ссылаясь на собственные данные.",
           "По предварительным оценкам, изменения затронут около {m} тысяч человек.",
           "{org} обещает завершить основные работы за {k} дней.",
           "Власти города {place} провели совещание по этому вопросу.",
           "Эксперты считают, что {topic} станет главной темой недели.",
           "Следующее обновление информации ожидается в {h}:00.",
           "Вопросы можно задать по телефону горячей линии {phone}."],
    "uk": ["{person} заявив, що {topic} коштуватиме приблизно {n} мільйонів гривень.",
           "Про це повідомляє {org}, посилаючись на власні дані.",
           "За попередніми оцінками, зміни торкнуться близько {m} тисяч людей.",
           "{org} обіцяє завершити основні роботи за {k} днів.",
           "Влада міста {place} провела нараду з цього питання.",
           "Експерти вважають, що {topic} стане головною темою тижня.",
           "Наступне оновлення інформації очікується о {h}:00.",
           "Запитання можна поставити за телефоном гарячої лінії {phone}."],
    "en": ["{person} said the {topic} would cost about {n} million hryvnias.",
           "{org} reported the figures, citing its own data.",
           "Early estimates suggest about {m},000 people will be affected.",
           "{org} promises to finish the main work within {k} days.",
           "Officials in {place} held a meeting on the issue.",
           "Experts expect the {topic} to dominate the week's agenda.",
           "The next update is expected at {h}:00.",
           "Residents can call the hotline on {phone} with questions."],
}
SIGN_OFF = {
    "ru": "{outlet}, материал №{j}.",
    "uk": "{outlet}, матеріал №{j}.",
    "en": "{outlet}, report no. {j}.",
}
SECTION = {"ru": "Новости", "uk": "Новини", "en": "News"}
NAME_WORDS = {
    "ru": ["Вестник", "Курьер", "Обозреватель", "Телеграф"],
    "uk": ["Вісник", "Кур'єр", "Оглядач", "Телеграф"],
    "en": ["Herald", "Courier", "Observer", "Telegraph"],
}
