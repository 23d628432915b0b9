"""What sits inside an article body (promo lines, ad labels, "read also" lines, captions, comments,
embeds, digests) is dropped or kept without cutting the text around it. Pages in several markups."""

from __future__ import annotations

import pytest

from svodka.extract import extract
from svodka.extract.templates import learn_template

LONG = {
    "ru": ("Делегации обсуждали безопасность судоходства в Чёрном море два дня подряд, сообщили "
           "в министерстве иностранных дел после окончания встречи."),
    "uk": ("Делегації обговорювали безпеку судноплавства в Чорному морі два дні поспіль, "
           "повідомили в міністерстві закордонних справ після завершення зустрічі."),
    "en": ("The delegations discussed the safety of shipping in the Black Sea for two days in a "
           "row, the foreign ministry said after the meeting ended."),
}
SHORT = {"ru": "Участники встретятся снова в январе.",
         "uk": "Учасники зберуться знову в січні.",
         "en": "The parties will meet again in January."}
PROMO = {"ru": "Читайте нас в Telegram", "uk": "Підписуйтесь на наш Telegram",
         "en": "Follow us on Twitter for more"}
READ_ALSO = {"ru": "Читайте также:", "uk": "Читайте також:", "en": "Read also:"}

# (wrapper of the article, wrapper of a promo line): a semantic page, a Drupal-like one with
# class names, a table layout with bold links and no classes.
MARKUPS = [
    ("<article><h1>{title}</h1><div class='article-body'>{body}</div></article>",
     "<p><a href='https://t.me/x'>{promo}</a></p>"),
    ("<div class='node__content'><h1 class='page-title'>{title}</h1>"
     "<div class='field field--name-body'>{body}</div></div>",
     "<p class='promo-line'><a href='https://t.me/x'>{promo}</a></p>"),
    ("<table><tr><td width='70%'><h1>{title}</h1>{body}</td><td>"
     "<b>Самое читаемое</b><ul><li><a href='/a'>Одна</a></li></ul></td></tr></table>",
     "<P><B><A HREF='https://t.me/x'>{promo}</A></B></P>"),
]


def _page(wrapper: str, body: str, lang: str = "ru") -> str:
    title = "Переговоры в Женеве завершились"
    return (f"<html lang='{lang}'><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            + wrapper.format(title=title, body=body) + "<footer>© 2026</footer></body></html>")


@pytest.mark.parametrize("lang", ["ru", "uk", "en"])
@pytest.mark.parametrize("wrapper, promo", MARKUPS)
def test_a_promo_line_never_ends_the_article(lang: str, wrapper: str, promo: str) -> None:
    body = (f"<p>{LONG[lang]}</p><p>{LONG[lang]} 2</p>" + promo.format(promo=PROMO[lang])
            + f"<p>{SHORT[lang]}</p>")
    art = extract(_page(wrapper, body, lang))
    assert SHORT[lang] in art.paragraphs
    assert PROMO[lang] not in art.text


@pytest.mark.parametrize("widget", [
    "<div class='block-adsense'><span>Реклама</span></div>",
    "<CENTER><FONT SIZE=1>Реклама</FONT></CENTER>",
    "<div class='read-also'>Читайте также: <span><a href='/n/2'>Другая новость о переговорах "
    "в Женеве</a></span></div>",
])
def test_a_small_widget_inside_the_body_is_skipped(widget: str) -> None:
    body = f"<p>{LONG['ru']}</p>{widget}<p>{SHORT['ru']}</p>"
    art = extract(_page(MARKUPS[0][0], body), url="https://x.example/n/1")
    assert SHORT["ru"] in art.paragraphs
    assert "Реклама" not in art.text and "Другая новость" not in art.text


def test_a_read_also_link_listed_again_below_is_one_related_entry() -> None:
    body = (f"<p>{LONG['ru']}</p><p><i>{READ_ALSO['ru']}</i> <span><a href='/n/2'>Другая новость "
            f"о переговорах в Женеве</a></span></p><p>{SHORT['ru']}</p>"
            "<p><b>Ранее мы сообщали:</b></p><ul><li><a href='/n/2'>Другая новость о переговорах "
            "в Женеве</a></li><li><a href='/n/3'>Третья новость о переговорах</a></li></ul>")
    art = extract(_page(MARKUPS[2][0], body), url="https://x.example/n/1")
    assert [r.url for r in art.related] == ["https://x.example/n/2", "https://x.example/n/3"]
    assert SHORT["ru"] in art.paragraphs


@pytest.mark.parametrize("comments", [
    # Table layout: the heading and the comments in one block, lines broken by <br>.
    "<TABLE><TR><TD><FONT SIZE=2><B>Комментарии</B><BR>Александр: Спасибо за оперативную "
    "информацию, очень интересно и подробно!<BR>Марина К.: А когда будет продолжение этой "
    "истории?</FONT></TD></TR></TABLE>",
    # A heading without class hints, then long comments that read like prose.
    "<h2>Коментарі (2)</h2><p>Олександр: Дякую за оперативну інформацію, дуже цікаво і "
    "докладно написано, чекаємо продовження!</p><p>Марина: А коли буде продовження цієї історії, "
    "хотілося б знати більше подробиць?</p>",
    "<h3>Leave a comment</h3><p>alex_k: Thanks for the quick update, this is really detailed "
    "and interesting, looking forward to more!</p>",
])
def test_a_comments_heading_ends_the_article(comments: str) -> None:
    body = f"<p>{LONG['ru']}</p><p>{LONG['ru']} 2</p>{comments}"
    art = extract(_page(MARKUPS[0][0], body))
    assert art.paragraphs == [LONG["ru"], LONG["ru"] + " 2"]


def test_a_comments_counter_above_the_text_cuts_nothing() -> None:
    body = (f"<div><a href='#comments'>Комментарии (3)</a></div><p>{LONG['ru']}</p>"
            f"<p>{LONG['ru']} 2</p><p>{SHORT['ru']}</p>")
    art = extract(_page(MARKUPS[0][0], body))
    assert LONG["ru"] in art.paragraphs and SHORT["ru"] in art.paragraphs


def test_a_label_under_a_picture_is_its_caption_not_text() -> None:
    body = (f"<P>{LONG['ru']}</P><P><IMG SRC='/img/1.jpg' WIDTH=400><BR><FONT SIZE=1>Поваленное "
            f"дерево на бульваре</FONT></P><CENTER>Реклама</CENTER><P>{LONG['ru']} 2</P>")
    art = extract(_page(MARKUPS[2][0], body), url="https://x.example/n/1")
    assert art.paragraphs == [LONG["ru"], LONG["ru"] + " 2"]


def test_a_digest_of_linked_headlines_with_prose_is_text() -> None:
    items = "".join(
        f"<li><strong><a href='/n/{i}'>Headline number {i} about the markets</a>.</strong> "
        f"The company confirmed the report on Tuesday and said more details would follow "
        f"later this week, according to a statement.</li>" for i in range(5))
    body = f"<p>{LONG['en']}</p><ol>{items}</ol><p>{LONG['en']} 2</p>"
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert any(b.kind == "ol" and b.text.count("\n") == 4 for b in art.blocks)


def test_a_digest_item_that_is_mostly_link_text_stays_with_its_list() -> None:
    # Most items link a few words; one links nearly its whole sentence: it is still an item.
    items = [f"<li>The company confirmed the report number {i} on Tuesday and said that <a "
             f"href='/n/{i}'>more details would follow</a> later this week.</li>" for i in range(5)]
    items.insert(2, "<li><a href='/n/x'>A new game is finally coming out after twelve years of "
                    "waiting, but only for virtual reality</a>, its developer said.</li>")
    body = f"<p>{LONG['en']}</p><ul>{''.join(items)}</ul><p>{LONG['en']} 2</p>"
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert any(b.kind == "ul" and b.text.count("\n") == 5 for b in art.blocks)
    assert "finally coming out" in art.text


def test_a_list_of_linked_headlines_is_not_text() -> None:
    items = "".join(f"<li><a href='/n/{i}'>Headline number {i} about the markets</a></li>"
                    for i in range(5))
    body = f"<p>{LONG['en']}</p><p>{LONG['en']} 2</p><ul>{items}</ul>"
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert "Headline number" not in art.text


def test_an_embedded_post_is_quoted_text() -> None:
    tweet = ("<div class='social-media-embed'><blockquote class='twitter-tweet'><p>The state spent "
             "nearly half a million dollars on this campaign, officials confirmed today.</p>"
             "— Jane Doe (@jane) November 18, 2019</blockquote></div>")
    body = f"<p>{LONG['en']}</p>{tweet}<p>{LONG['en']} 2</p>"
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert "The state spent nearly half a million dollars" in art.text


def test_a_widget_zone_and_an_affiliate_disclosure_are_not_text() -> None:
    zone = ("<div class='zone-widget'><h5>A Word to Our Loyal Readers</h5><p>Support us and make a "
            "difference for readers everywhere, every single day of the year, please.</p></div>")
    disclosure = "<p>If you buy something through this post, we may get a share of the sale.</p>"
    body = f"<p>{LONG['en']}</p>{disclosure}<p>{LONG['en']} 2</p>{zone}"
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert art.paragraphs == [LONG["en"], LONG["en"] + " 2"]


def _site_page(i: int, signoff: str) -> tuple[str, str]:
    body = (f"<p>Article {i}: {LONG['en']}</p><p>Second paragraph {i}: {LONG['en']}</p>"
            f"<p>{signoff}</p>")
    return _page(MARKUPS[0][0], body, "en"), f"https://x.example/n/{i}"


def test_a_template_cuts_repeated_prose_only_on_enough_evidence() -> None:
    signoff = "Thank you for reading our newsroom's reporting, we hope you come back tomorrow."
    two = [_site_page(i, signoff) for i in range(2)]
    four = [_site_page(i, signoff) for i in range(4)]
    html, url = two[0]
    assert signoff in extract(html, url=url, template=learn_template(two)).paragraphs
    assert signoff not in extract(html, url=url, template=learn_template(four)).paragraphs
    # The article itself never goes.
    assert len(extract(html, url=url, template=learn_template(four)).paragraphs) == 2


def test_a_learned_intro_of_a_repeating_widget_list_is_not_related() -> None:
    widget = ("<p>Most read</p><ul><li><a href='/top/1'>The most read story of the week</a></li>"
              "<li><a href='/top/2'>Another much read story</a></li></ul>")
    pages = []
    for i in range(4):
        body = f"<p>Article {i}: {LONG['en']}</p><p>Second {i}: {LONG['en']}</p>{widget}"
        pages.append((_page(MARKUPS[0][0], body, "en"), f"https://x.example/n/{i}"))
    tpl = learn_template(pages)
    assert "Most read" not in tpl.related_intros
    art = extract(pages[0][0], url=pages[0][1], template=tpl)
    assert not art.related


@pytest.mark.parametrize("line", [
    "Долучайтеся до нашого Telegram-каналу",
    "Наш канал в Дзене: подписывайтесь!",
    "Download our app for the latest news",
    "Скачайте наше приложение, чтобы не пропустить главное",
    "If you buy something through our links, we may earn a commission.",
    "(Reporting by Jane Doe in London; Editing by John Roe)",
    "Reporting by Jane Doe; additional reporting by Ann Lee; Writing by Bo Kim; Editing by Al Fox",
    "Associated Press writers Ann Lee and Bo Kim contributed to this report.",
])
def test_more_promo_lines_are_not_text(line: str) -> None:
    body = f"<p>{LONG['ru']}</p><p>{line}</p><p>{SHORT['ru']}</p>"
    art = extract(_page(MARKUPS[0][0], body))
    assert line not in art.text and SHORT["ru"] in art.paragraphs


@pytest.mark.parametrize("line", [
    "Редакция не смогла получить комментарий от мэрии города до публикации.",
    "Компания выпустила приложение для заказа такси в трёх городах области.",
    "Telegram-канал «Рыбарь» сообщил о взрывах в порту ночью.",
    "Reporting by the paper on the contract was later cited by the ministry in its reply.",
    "Two rival firms contributed to this report's findings, the regulator said on Monday.",
])
def test_news_that_names_apps_and_channels_stays(line: str) -> None:
    body = f"<p>{LONG['ru']}</p><p>{line}</p><p>{LONG['ru']} 2</p>"
    assert line in extract(_page(MARKUPS[0][0], body)).paragraphs


def test_teaser_cards_with_a_rubric_and_a_byline_are_not_text() -> None:
    cards = "".join(
        f"<article class='post-list-article'><div class='post-list-article__text'>"
        f"<div><a href='/s/{i}'>Politics</a></div><h4><a href='/n/{i}'>Another story number {i} "
        f"of the week</a></h4><div><a href='/a/{i}'>By Jane Doe</a></div><div>A long blurb of "
        f"another story number {i}, written to read like the opening of an article, with "
        f"enough words to pass for prose on its own.</div></div></article>" for i in range(4))
    html = _page("<main><article><h1>{title}</h1><div class='article-content'>{body}</div>"
                 "</article><div class='post-list'>" + cards + "</div></main>",
                 f"<p>{LONG['en']}</p><p>{LONG['en']} 2</p><p>{LONG['en']} 3</p>", "en")
    art = extract(html)
    assert "blurb" not in art.text and len(art.paragraphs) == 3


def test_a_sentence_with_a_long_link_inside_is_prose() -> None:
    line = ("The Swedish investigation had been <a href='/x'>shelved in 2017 but was re-opened "
            "earlier this year</a> following his eviction.")
    body = f"<p>{LONG['en']}</p><p>{line}</p><p>{LONG['en']} 2</p>"
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert ("The Swedish investigation had been shelved in 2017 but was re-opened earlier this "
            "year following his eviction.") in art.paragraphs


def test_a_hover_card_inside_a_sentence_is_not_rendered_text() -> None:
    line = ("Gov. <a href='/p/1'>Kristi Noem</a><span class='rollover-people-block'><a href='/p/1'>"
            "Kristi Lynn Noem</a> <a href='/n/9'>Another headline about her</a></span> (R) is "
            "defending the state's campaign, officials said on Monday.")
    body = f"<p>{LONG['en']}</p><p>{line}</p><p>{LONG['en']} 2</p>"
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert ("Gov. Kristi Noem (R) is defending the state's campaign, officials said on Monday."
            in art.paragraphs)


def test_the_trigger_of_a_hover_card_is_text_and_the_card_is_not() -> None:
    # The wrapper and the name link are named for the card too; only the card is hidden.
    line = ("Rep. <span class='rollover-people'><a class='rollover-people-link' href='/p/1'>Ilhan "
            "Omar</a><span class='rollover-people-block'><span class='rollover-block'><a href="
            "'/p/1'>Ilhan Omar</a> <a href='/n/9'>Another headline about her</a></span></span>"
            "</span> (D-Minn.) read a letter, and a <span class='tooltip'>quorum<span class="
            "'tooltiptext'>The least number of members</span></span> was present on Monday.")
    body = f"<p>{LONG['en']}</p><p>{line}</p><p>{LONG['en']} 2</p>"
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert ("Rep. Ilhan Omar (D-Minn.) read a letter, and a quorum was present on Monday."
            in art.paragraphs)


def test_a_headline_without_a_heading_element_is_not_text() -> None:
    # No <h1>: the headline is a styled paragraph that repeats the declared title word for word.
    page = ("<html><head><title>Ремонт моста завершат к осени | Городские вести</title></head>"
            "<body><div class='menu'><a href='/'>Главная</a></div><div class='col-main'>"
            "<p class='titulo'>Ремонт моста завершат к осени</p>"
            f"<p>{LONG['ru']}</p><p>{LONG['ru']} 2</p></div></body></html>")
    art = extract(page, url="https://x.example/n/2")
    assert art.title == "Ремонт моста завершат к осени"
    assert art.paragraphs == [LONG["ru"], LONG["ru"] + " 2"]


def test_a_heading_over_a_captioned_picture_introduces_the_text_below() -> None:
    body = (f"<p>{LONG['en']}</p><h3>2. Talks go on</h3><figure><img src='/v/2.jpg'>"
            "<figcaption>Day 3: the second delegation arrives</figcaption></figure>"
            f"<p>{LONG['en']} 2</p><h3>3. What comes next</h3><p>{LONG['en']} 3</p>")
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert art.paragraphs == [LONG["en"], "2. Talks go on", LONG["en"] + " 2", "3. What comes next",
                              LONG["en"] + " 3"]


def test_a_line_that_introduces_what_follows_a_captioned_picture_stays() -> None:
    body = (f"<p>{LONG['en']}</p><p>The five chosen are:</p><figure><img src='/i/1.jpg'>"
            "<figcaption>The landers chosen by the agency, side by side</figcaption></figure>"
            f"<ul><li>{LONG['en']} 1</li><li>{LONG['en']} 2</li></ul>")
    art = extract(_page(MARKUPS[0][0], body, "en"))
    assert art.paragraphs[:2] == [LONG["en"], "The five chosen are:"]
