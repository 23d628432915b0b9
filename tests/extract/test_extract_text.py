"""Whitespace as a browser renders it, block structure, and boilerplate lines in small pages."""

from __future__ import annotations

import pytest

from svodka.extract import extract

FILLER = ("Президент подписал закон о бюджете на следующий год, сообщили в его пресс-службе. "
          "Документ предусматривает рост расходов на образование и медицину.")


def page(body: str, lang: str = "ru") -> str:
    return (f'<html lang="{lang}"><head><title>Заголовок новости</title></head><body>'
            f'<nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>'
            f'<article><h1>Заголовок новости</h1><div class="article-body">'
            f"<p>{FILLER}</p>{body}<p>{FILLER} Ещё одно предложение для объёма.</p>"
            f"</div></article><footer>© 2024 Редакция</footer></body></html>")


@pytest.mark.parametrize("markup, text", [
    ("с Россией<a href='/x'> по поводу</a> переговоров", "с Россией по поводу переговоров"),
    ("с Россией <a href='/x'>по поводу</a> переговоров", "с Россией по поводу переговоров"),
    ("слово<b>слитно</b> и <i>раздельно</i>,\n   с переносом", "словослитно и раздельно, с переносом"),
    ("неразрывный&nbsp;пробел и&#160;ещё", "неразрывный пробел и ещё"),
    ("<span>В</span> <span>Киеве</span>   <em>прошёл</em>\tмитинг", "В Киеве прошёл митинг"),
])
def test_inline_boundaries_keep_rendered_spaces(markup: str, text: str) -> None:
    sentence = f"{markup}, в котором участвовали сотни человек, пишет агентство."
    art = extract(page(f"<p>{sentence}</p>"))
    expected = f"{text}, в котором участвовали сотни человек, пишет агентство."
    assert expected in art.paragraphs


def test_br_is_a_line_break_and_double_br_a_paragraph() -> None:
    body = ("<div>Первая строка длинного абзаца о событиях дня в столице.<br>"
            "Вторая строка того же абзаца, с продолжением мысли автора.<br><br>"
            "Новый абзац после двойного переноса строки, тоже достаточно длинный.</div>")
    art = extract(page(body))
    assert ("Первая строка длинного абзаца о событиях дня в столице.\n"
            "Вторая строка того же абзаца, с продолжением мысли автора.") in art.paragraphs
    assert "Новый абзац после двойного переноса строки, тоже достаточно длинный." in art.paragraphs


def test_lists_headings_quotes_tables_are_blocks() -> None:
    body = ("<h2>Что изменится</h2><ul><li>налоги снизят;</li><li>пенсии проиндексируют;</li>"
            "<li>льготы сохранят.</li></ul>"
            "<blockquote><p>Это важное решение для всей страны и для каждого из нас.</p></blockquote>"
            "<table><tr><th>Статья</th><th>Сумма</th></tr><tr><td>Образование</td><td>120</td></tr>"
            "</table><pre>код  с   пробелами</pre>")
    art = extract(page(body))
    kinds = {b.kind: b for b in art.blocks}
    assert kinds["h"].text == "Что изменится" and kinds["h"].level == 2
    assert kinds["ul"].text == "- налоги снизят;\n- пенсии проиндексируют;\n- льготы сохранят."
    assert kinds["quote"].text == "Это важное решение для всей страны и для каждого из нас."
    assert kinds["table"].text == "Статья | Сумма\nОбразование | 120"
    assert kinds["pre"].text == "код  с   пробелами"
    assert "## Что изменится" in art.markdown and "> Это важное решение" in art.markdown


@pytest.mark.parametrize("line", [
    "Читайте нас в Telegram: только главное",
    "Подписывайтесь на наш канал в Viber!",
    "Підписуйтесь на нашу сторінку у Facebook",
    "Читайте «Новости дня» в Google News",
    "Follow us on Twitter for breaking news",
    "Sign up for our daily newsletter",
    "© 2024 Редакция. Все права защищены.",
    "Фото: РИА Новости",
    "Advertisement",
    "Больше новостей в нашем Telegram-канале",
    "Усі новини регіону — у нашому Viber-каналі",
    "Помилка в тексті? Виділіть її мишкою і натисніть Ctrl+Enter",
    "Поддержите нас: каждый рубль важен для независимой журналистики",
    "Join our forums to keep talking about the latest news",
    "Get the magazine delivered to your inbox every week.",
    "Отримуйте головні новини дня на пошту щоранку",
])
def test_promo_and_subscribe_lines_are_dropped(line: str) -> None:
    art = extract(page(f"<p>{line}</p>"))
    assert line not in art.text
    assert FILLER in art.text


def test_title_is_not_in_text_and_lead_is_first_paragraph() -> None:
    art = extract(page(""))
    assert art.title == "Заголовок новости"
    assert art.lead == FILLER == art.paragraphs[0]
    assert "Заголовок новости" not in art.text


def test_comments_sidebar_and_cookie_banner_are_not_the_article() -> None:
    comment = "Полностью согласен с автором, давно пора было принять такой закон, молодцы. " * 4
    html = ("<html><body><div class='cookie-consent'>Мы используем cookie. Продолжая пользоваться "
            "сайтом, вы соглашаетесь с политикой конфиденциальности и обработкой данных.</div>"
            f"<article><h1>Заголовок</h1><div class='text'><p>{FILLER}</p><p>{FILLER}</p></div>"
            "</article><aside class='sidebar'><p>Самое читаемое за неделю: подборка самых "
            "интересных материалов от редакции нашего издания для вас.</p></aside>"
            f"<section id='comments'><div class='comment'><p>{comment}</p></div>"
            f"<div class='comment'><p>{comment}</p></div><div class='comment'><p>{comment}</p>"
            "</div></section></body></html>")
    art = extract(html)
    assert art.paragraphs == [FILLER, FILLER]


def test_lead_never_doubles_in_text() -> None:
    from extract_helpers import GOLDEN

    for path in sorted(GOLDEN.glob("*.html")):
        art = extract(path.read_bytes())
        parts = art.text.split("\n\n")
        if art.lead:
            assert parts.count(art.lead) == 1, path.name
        assert len(parts) == len(set(parts)), path.name


def test_endless_page_gives_only_the_headline_article() -> None:
    first = ["Первая статья: власти объявили о ремонте моста через реку, работы начнутся весной.",
             "Ремонт продлится два года, движение по мосту будет частично ограничено."]
    second = ["Вторая статья: в городе открыли новый парк с детскими площадками и фонтаном.",
              "Парк разбили на месте бывшей промзоны, деревья высадили волонтёры.",
              "Вход в парк свободный, он открыт круглосуточно для всех желающих горожан."]

    def item(title: str, paras: list[str]) -> str:
        return (f"<div class='feed-item'><h1>{title}</h1><div class='text'>"
                + "".join(f"<p>{p}</p>" for p in paras) + "</div></div>")

    html = ("<html><head><meta property='og:title' content='Ремонт моста через реку'></head>"
            "<body><div class='feed'>" + item("Ремонт моста через реку", first)
            + item("Новый парк в городе", second) + "</div></body></html>")
    art = extract(html)
    assert art.title == "Ремонт моста через реку"
    assert art.paragraphs == first


def test_text_a_browser_does_not_show_is_not_extracted() -> None:
    body = ("<p>Министр <span class='sr-only'>(откроется в новом окне)</span>заявил "
            "<span class='person'>Петров<span class='hidden'>Петров Пётр: все новости</span></span>"
            " о новых мерах поддержки, которые вступят в силу с первого числа.</p>"
            "<p style='display:none'>Скрытый текст для поисковых роботов, не для читателей.</p>"
            "<p hidden>Ещё один скрытый абзац, который браузер не покажет читателю.</p>")
    art = extract(page(body))
    assert "Министр заявил Петров о новых мерах поддержки, которые вступят в силу с первого числа." \
        in art.paragraphs
    assert "Скрытый" not in art.text and "скрытый" not in art.text


def test_teaser_cards_in_the_article_container_are_not_text() -> None:
    blurb = "Короткое описание другой статьи, которое выглядит как обычное предложение текста."
    cards = "".join(
        f"<div class='c{i}'><div class='t'><a href='/n/{i}'>Заголовок другой новости номер {i}</a>"
        f"</div><p>{blurb} {i}.</p></div>" for i in range(4))
    art = extract(page(f"<h3>Самое интересное</h3>{cards}"))
    assert not any(blurb in p for p in art.paragraphs)
    assert art.paragraphs[0] == FILLER


@pytest.mark.parametrize("line", [
    "Канал в Telegram, на который подписаны более ста тысяч человек, опубликовал заявление.",
    "Telegram заблокировал каналы, на которые подписались миллионы пользователей.",
    "Компанія повідомила, що ваш Viber тепер підтримує нові функції для бізнесу.",
    "Реклама алкоголя будет запрещена с первого марта, заявили в Госдуме.",
    "Фотографии с места событий опубликовали очевидцы в социальных сетях.",
])
def test_news_about_messengers_is_not_a_promo(line: str) -> None:
    assert line in extract(page(f"<p>{line}</p>")).paragraphs


def test_sentence_opening_like_a_read_also_line_stays_in_the_body() -> None:
    body = ("<p>По теме переговоров стороны так и не договорились, сообщил "
            "<a href='/x'>источник</a> в правительстве.</p>"
            "<p>Читайте также: <a href='/y'>Другая важная новость дня о бюджете</a></p>")
    art = extract(page(body), url="https://x.example/a")
    assert ("По теме переговоров стороны так и не договорились, сообщил источник в "
            "правительстве.") in art.paragraphs
    assert [(r.text, r.url) for r in art.related] == [
        ("Другая важная новость дня о бюджете", "https://x.example/y")]
