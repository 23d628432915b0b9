"""Boilerplate text of the sample outlets, per language (data for the page renderers)."""

from __future__ import annotations

PHRASES: dict[str, dict[str, str | list[str]]] = {
    "ru": {
        "menu": ["Главная", "Новости", "Политика", "Экономика", "Спорт", "Культура", "Контакты"],
        "home": "Главная",
        "promo": "Читайте нас в Telegram",
        "promo2": "Подписывайтесь на наш YouTube-канал",
        "share": "Поделиться",
        "cookie": "Мы используем файлы cookie, чтобы сайт работал лучше.",
        "cookie_ok": "Согласен",
        "read_also": "Читайте также:",
        "earlier": "Ранее мы сообщали:",
        "comments": "Комментарии",
        "comment_a": "Александр: Спасибо за оперативную информацию!",
        "comment_b": "Марина К.: А когда будет продолжение?",
        "most_read": "Самое читаемое",
        "rights": "Все права защищены. Перепечатка только с активной ссылкой.",
        "fiction": "Вымышленное издание: пример для демонстрации svodka.",
        "currency": "Курс валют: USD 41,25 · EUR 47,90",
        "weather": "Погода: Одесса +7°, ветер 12 м/с",
        "ad": "Реклама",
        "by": "Автор:",
        "tags": "Теги:",
        "print": "Версия для печати",
        "subscribe": "Подпишитесь на рассылку",
        "months": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                   "августа", "сентября", "октября", "ноября", "декабря"],
    },
    "uk": {
        "menu": ["Головна", "Новини", "Політика", "Економіка", "Спорт", "Культура", "Контакти"],
        "home": "Головна",
        "promo": "Підписуйтесь на наш Telegram",
        "promo2": "Стежте за нами у Facebook",
        "share": "Поділитися",
        "cookie": "Ми використовуємо файли cookie, щоб сайт працював краще.",
        "cookie_ok": "Погоджуюсь",
        "read_also": "Читайте також:",
        "earlier": "Раніше ми писали:",
        "comments": "Коментарі",
        "comment_a": "Олександр: Дякую за оперативну інформацію!",
        "comment_b": "Марина К.: А коли буде продовження?",
        "most_read": "Найпопулярніше",
        "rights": "Усі права захищені. Передрук лише з активним посиланням.",
        "fiction": "Вигадане видання: приклад для демонстрації svodka.",
        "currency": "Курс валют: USD 41,25 · EUR 47,90",
        "weather": "Погода: Київ +3°, хмарно",
        "ad": "Реклама",
        "by": "Автор:",
        "tags": "Теги:",
        "print": "Версія для друку",
        "subscribe": "Підпишіться на розсилку",
        "months": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
                   "серпня", "вересня", "жовтня", "листопада", "грудня"],
    },
    "en": {
        "menu": ["Home", "World", "Business", "Technology", "Sport", "Travel", "About us"],
        "home": "Home",
        "promo": "Follow us on X",
        "promo2": "Sign up for our morning newsletter",
        "share": "Share",
        "cookie": "We use cookies to make this site work better.",
        "cookie_ok": "Accept all",
        "read_also": "Read also:",
        "earlier": "Earlier we reported:",
        "comments": "Comments",
        "comment_a": "alex_k: Thanks for the quick update!",
        "comment_b": "Marina: Any news on what happens next?",
        "most_read": "Most read",
        "rights": "All rights reserved.",
        "fiction": "A fictional outlet: sample content for the svodka demo.",
        "currency": "Markets: USD/UAH 41.25 · EUR/UAH 47.90",
        "weather": "Weather: London 9°C, showers",
        "ad": "Advertisement",
        "by": "By",
        "tags": "Topics:",
        "print": "Print",
        "subscribe": "Subscribe to our newsletter",
        "months": ["January", "February", "March", "April", "May", "June", "July",
                   "August", "September", "October", "November", "December"],
    },
}


def phrase(language: str, key: str) -> str:
    value = PHRASES[language][key]
    return value if isinstance(value, str) else " ".join(value)


def phrase_list(language: str, key: str) -> list[str]:
    value = PHRASES[language][key]
    return value if isinstance(value, list) else [value]
