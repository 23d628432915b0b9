"""Generic markup and wording signals the extractor uses. Data, not site rules.

Class/id hints are matched on the tokens of ``class``/``id`` (split on non-alphanumerics) and on
substrings for the long, unambiguous words. Phrase patterns cover the promo, subscribe and
"read also" lines outlets put inside article bodies, in Russian, Ukrainian and English.
"""

from __future__ import annotations

import re
from enum import IntFlag


class Hint(IntFlag):
    """What an element's tag and attributes say it is; an element may carry several."""

    NEG = 1  # boilerplate container (navigation, share bar, comments, widgets ...)
    POS = 2  # article-body container
    LEAD = 4  # standfirst / lead paragraph
    TAGS = 8  # tag list
    CRUMBS = 16  # breadcrumbs
    GALLERY = 32  # image gallery / slider
    RELATED = 64  # related / read-also block
    CAPTION = 128  # caption / credit
    META = 256  # byline, date line, counters
    HIDDEN = 512  # not rendered
    BODY = 1024  # named unambiguously as the article body ("article-body", itemprop=articleBody)


# The walk and the scorer combine and test these for every element: as plain ints. An IntFlag
# operation builds an enum member (measured: with the members themselves the extraction
# benchmark's pages/s fell from 217 to 189 and from 195 to 145). ``Hint(flags)`` names a value.
NEG, POS, LEAD, TAGS, CRUMBS, GALLERY, RELATED, CAPTION, META, HIDDEN, BODY = map(int, Hint)

# Tags that are boilerplate whatever their class.
NEG_TAGS = frozenset({"nav", "footer", "aside", "form", "menu"})

_SUBSTR = {
    NEG: (
        "comment", "share", "social", "sharing", "promo", "subscri", "newsletter", "sidebar",
        "footer", "breadcrumb", "cookie", "consent", "banner", "advert", "sponsor", "outbrain",
        "taboola", "recommend", "popular", "toolbar", "navbar", "navigation",
        "masthead", "disqus", "signup", "login", "modal", "popup", "related",
        "readmore", "readalso", "more-news", "morenews", "trending", "donate", "adfox",
        "adsbygoogle", "dfp-", "yandex_rtb", "commercial", "partner", "sticky", "skip-link",
        "author-bio", "authorbio", "about-author", "about-the-author", "author-box", "authorbox",
    ),
    POS: (
        "articlebody", "article-body", "article__body", "article_body", "article-text",
        "article__text", "article_text", "entry-content", "post-content", "post-body",
        "post__text", "story-body", "storybody", "news-text", "news__text", "content-body",
        "body-text", "bodytext", "text-body", "article-content", "article__content",
        "articlecontent", "post-entry", "single-content", "news-body", "news_text",
        "material-text", "full-text", "fulltext", "td-post-content", "main-text",
    ),
    LEAD: ("standfirst", "subtitle", "subheadline", "article-lead", "article__lead", "summary-lead",
           "preview-text", "preview_text", "previewtext", "announce", "anounce"),
    TAGS: ("tags", "keywords", "topics", "tag-list", "taglist"),
    CRUMBS: ("breadcrumb",),
    GALLERY: ("gallery", "slider", "carousel", "swiper", "slideshow", "fotorama", "photos"),
    RELATED: ("related", "readalso", "read-also", "read-more", "readmore", "see-also", "more-news"),
    CAPTION: ("caption", "credit", "figcaption", "photo-source", "image-source"),
}
_TOKENS = {
    NEG: frozenset({
        "ad", "ads", "adv", "advert", "nav", "menu", "header", "footer", "share", "tags",
        "aside", "teaser", "teasers", "print", "subscribe", "sharebar", "toc",
        "donation", "noprint", "pager", "pagination", "copyright", "byline",
        "meta", "author", "date", "time", "views", "tag", "category",
        "rubric", "breadcrumbs", "crumbs", "related", "feedback", "bio",
        "reactions", "poll", "vote", "newsletter", "promo", "widget", "widgets",
    }),
    POS: frozenset({"content", "article", "text", "body", "story", "post", "entry", "main"}),
    LEAD: frozenset({"lead", "intro", "lede", "standfirst", "excerpt", "summary", "annotation",
                     "anons", "description", "subtitle", "dek", "lid", "announce", "vrezka"}),
    TAGS: frozenset({"tag", "tags"}),
    META: frozenset({"byline", "meta", "author", "authors", "date", "time", "dateline",
                     "views", "counter", "info", "stats", "published", "updated"}),
    CAPTION: frozenset({"caption", "credit", "credits"}),
}
# Words that qualify an element when they open a class name ("category-news", "tag-x").
_QUALIFIERS = frozenset({"category", "tag", "tags", "label", "date", "time", "author", "top",
                         "has", "no", "with", "is", "format", "type", "status", "single"})
# A token that names a content part outweighs a generic one (``article-meta`` is not a body).
_WEAK_POS = frozenset({"content", "article", "text", "body", "story", "post", "entry", "main"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

_SUBSTR_FLAG: dict[str, int] = {}
for _flag, _subs in _SUBSTR.items():
    for _s in _subs:
        _SUBSTR_FLAG[_s] = _SUBSTR_FLAG.get(_s, 0) | _flag
_ANY_SUBSTR = re.compile("|".join(re.escape(s) for s in sorted(_SUBSTR_FLAG, key=len, reverse=True)))
_cache: dict[str, int] = {}
_names: dict[str, tuple[int, bool, bool, bool]] = {}
_NO_DIGITS = str.maketrans("123456789", "000000000")


def hint_flags(tag: str, cls: str, ident: str, role: str, itemprop: str) -> int:
    """The :class:`Hint` flags of an element's tag and attributes, as an int (memoised)."""
    key = f"{tag}|{cls}|{ident}|{role}|{itemprop}"
    flags = _cache.get(key)
    if flags is not None:
        return flags
    flags = 0
    neg_head = pos_token = strong = False
    # Digits never matter to a hint: "comment-5362" and "comment-5363" share one entry.
    for name in f"{cls} {ident}".translate(_NO_DIGITS).split():
        bits = _names.get(name)
        if bits is None:
            bits = _names[name] = _name_bits(name)
        flags |= bits[0]
        neg_head = neg_head or bits[1]
        pos_token = pos_token or bits[2]
        strong = strong or bits[3]
    if pos_token and not neg_head:
        flags |= POS
    if flags & LEAD and flags & NEG and not neg_head:
        flags &= ~NEG
    if strong:
        flags |= BODY
    if flags & POS and flags & NEG:
        # "article-body" beats a generic negative substring; a weak positive word does not.
        flags &= ~(NEG if strong else (POS | BODY))
    if tag in NEG_TAGS:
        flags |= NEG
    role = role.lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        flags |= NEG
    elif role == "main":
        flags |= POS
    prop = itemprop.lower()
    if prop == "articlebody" or prop == "text":
        flags = (flags | POS | BODY) & ~NEG
    elif prop in ("author", "datepublished", "datemodified", "publisher"):
        flags |= META | NEG
    elif prop in ("description", "alternativeheadline"):
        flags |= LEAD
    elif prop == "keywords":
        flags |= TAGS
    elif prop in ("caption",):
        flags |= CAPTION
    if len(_cache) > 50000:
        _cache.clear()
    if len(_names) > 50000:
        _names.clear()
    _cache[key] = flags
    return flags


def _name_bits(name: str) -> tuple[int, bool, bool, bool]:
    """(flags, boilerplate head word, content word, unambiguous body name) of one class name.

    Boilerplate words count as the head of a class name ("post-tags", "share-bar"), not as a
    qualifier ("category-politics", "tag-economy" on a WordPress <article>)."""
    low = name if name.islower() else _CAMEL.sub("-", name).lower()
    parts = [p for p in _SPLIT.split(low) if p]
    if not parts:
        return 0, False, False, False
    named = parts[0] not in _QUALIFIERS
    heads = {parts[0], parts[-1]} if named else {parts[-1]}
    flags = 0
    strong = False
    if named:
        for m in _ANY_SUBSTR.finditer(low):
            flags |= _SUBSTR_FLAG[m.group()]
        strong = bool(flags & POS)
    if not heads.isdisjoint(_ANY_TOKEN):
        for flag, toks in _TOKENS.items():
            if flag != POS and heads & toks:
                flags |= flag
    if not _EMBEDS.isdisjoint(parts):
        # An embedded post (social-media-embed, twitter-tweet) is quoted in the story.
        return flags & ~NEG, False, False, False
    return flags, bool(heads & _TOKENS[NEG]), bool(heads & _TOKENS[POS]), strong


_EMBEDS = frozenset({"embed", "embedded", "tweet", "oembed"})
_ANY_TOKEN = frozenset().union(*_TOKENS.values())


# Utility classes that hide an element from the page as rendered (screen-reader text, "hidden").
_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?:sr-only|screen-reader-text|visually-hidden|visuallyhidden|d-none|is-hidden"
    r"|u-hidden|element-invisible|hidden|hide|invisible)(?:\s|$)")
# Shown only on hover: tooltips, people and glossary cards (substrings of a class name).
_HOVER = ("tooltip", "popover", "rollover", "hovercard")


_hidden_cache: dict[str, bool] = {}


def hidden_class(cls: str | None) -> bool:
    if not cls:
        return False
    hidden = _hidden_cache.get(cls)
    if hidden is None:
        if len(_hidden_cache) > 50000:
            _hidden_cache.clear()
        low = cls.lower()
        hidden = _hidden_cache[cls] = _HIDDEN_CLASS.search(cls) is not None or any(
            h in low for h in _HOVER)
    return hidden


def hover_only(cls: str) -> bool:
    """Whether a class hides its element only as a hover card (no utility class hides it)."""
    return _HIDDEN_CLASS.search(cls) is None


def is_hidden(attrs: dict[str, str | None]) -> bool:
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style.lower()) is not None


# Short lines inside article bodies that advertise the outlet's channels or ask to subscribe.
PROMO_RE = re.compile(
    r"(?i)^\W{0,3}(?:"
    r"(?:читайте|дивіться|смотрите|слушайте|слухайте)\s+(?:.{0,40}?\s)?(?:в|у|на)\s+"
    r"(?:нашем\s+|нашому\s+)?(?:telegram|телеграм|viber|вайбер|facebook|фейсбук|"
    r"twitter|instagram|google|youtube|дзен|яндекс|tiktok|whatsapp|threads)"
    r"|подписывайтесь|подпишитесь|подпишись|підписуйтесь|підпишіться|підпишись|приєднуйтесь"
    r"|присоединяйтесь|долучайтеся|долучайтесь"
    r"|follow\s+us|subscribe\s+to|sign\s+up\s+for|join\s+(?:us|our)\s|like\s+us\s+on"
    r"|стежте\s+за|следите\s+за\s+(?:нами|новостями)|слідкуйте\s+за"
    r"|наш\s+(?:telegram|телеграм)|наш\s+канал|наші\s+канали|все\s+новости\s+в"
    # Labels ("Реклама", "Share", "Фото: Reuters") only as a whole short line: "Реклама
    # алкоголя запрещена" is news.
    r"|(?:поделиться|поділитися|share(?:\s+(?:this|on)\b[^.!?]{0,30})?|реклама|advert(?:isement)?"
    r"|sponsored(?:\s+content)?|партнерский\s+материал|партнерський\s+матеріал)\W{0,3}$"
    r"|this\s+\w+\s+requires\s+javascript|(?:please\s+)?enable\s+javascript|включите\s+javascript"
    r"|увімкніть\s+javascript"
    r"|если\s+вы\s+нашли\s+ошибку|якщо\s+ви\s+знайшли\s+помилку|помилка\s+в\s+тексті"
    r"|ошибка\s+в\s+тексте|поддержите\s+(?:нас|редакци|проект|издание)"
    r"|підтримайте\s+(?:нас|редакці|проєкт|проект|видання)|support\s+(?:us|our\s+journalism)"
    r"|(?:фото|photo|відео|видео|video|иллюстрация|ілюстрація)(?:\s*:\s*\S+(?:\s+\S+){0,5})?\s*:?\s*$"
    r")"
)
# A promo line may also name the channel first: "Telegram-канал ...: подписывайтесь".
# Promo lines that name a channel anywhere: each family is tested only when its key words occur
# (plain substring tests first; the patterns run on lower-cased text).
_IMPERATIVE_RE = re.compile(
    # Imperatives only: "подписывайтесь" is a promo, "подписаны 2 млн человек" is news.
    r"подписывайтесь|подпишитесь|подпишись|підписуйтесь|підпишіться|підпишись|читайте\s+нас"
    r"|приєднуйтесь|присоединяйтесь|долучайтеся|долучайтесь|subscribe\b|follow\s+us|join\s+us"
    r"|sign\s+up")
_MESSENGERS = ("t.me/", "telegram", "телеграм", "viber", "вайбер", "whatsapp", "дзен", "dzen",
               "youtube", "ютуб", "facebook", "фейсбук", "instagram", "инстаграм", "інстаграм",
               "вконтакте", "tiktok", "twitter", "канал")
_MAILINGS = ("newsletter", "рассылк", "розсилк")
_FOLLOW_RE = re.compile(r"follow\s+(?:us|him|her|them)\s+on\s+(?:twitter|facebook|instagram|x\b"
                        r"|linkedin)")
_MORE_NEWS_RE = re.compile(
    r"(?:больше|більше|все|усі|всі|главные|головні|свежие|свіжі|оперативні|оперативные)\s+"
    r"(?:\w+\s+)?(?:новост|новин).{0,40}(?:telegram|телеграм|viber|вайбер|соцсет|соцмереж|дзен"
    r"|наш\w*\s+(?:\w+-)?канал)")
_MAIL_NEWS_RE = re.compile(r"(?:получайте|отримуйте)\s+(?:\w+\s+)?(?:новост|новин).{0,30}"
                           r"(?:почт|пошт|e-?mail)")
_OTHER_PROMO_RE = re.compile(
    r"ctrl\s*\+\s*enter|delivered\s+(?:to|through)\s+your\s+(?:inbox|letterbox|door)"
    r"|if\s+you\s+(?:enjoyed|liked)\s+this\s+(?:article|story|post)"
    # Affiliate disclosures of shopping pieces.
    r"|(?:may|might|could)\s+(?:get|earn|receive|collect)\s+(?:a\s+)?(?:small\s+)?"
    r"(?:share|commission|portion)|affiliate\s+(?:links?|commissions?)"
    # App promotion. (An opinion piece's disclaimer is the piece's: annotators keep it.)
    r"|download\s+(?:our|the\s+\w+)\s+app|(?:скачайте|установите)\s+(?:наше\s+)?приложение"
    r"|(?:завантажуйте|завантажте|встановіть)\s+(?:наш\s+)?(?:застосунок|додаток)"
    # A blog engine's entry footer ("responses to this entry through the RSS 2.0 feed").
    r"|\brss\s*2\.0\b"
    # Wire credits: who reported and edited, a byline's job ("Reporting by A; Editing by B",
    # "C contributed to this report").
    r"|^\W{0,2}(?:additional\s+)?reporting\s+by\b.{0,200}\b(?:editing|writing)\s+by\b"
    r"|\bcontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\W{0,3}$")
# Legal and copyright lines of page footers.
_COPYRIGHT_KEYS = ("©", "(c)", "copyright", "rights reserved", "права защищены", "права захищені",
                   "перепечат", "передрук", "при использовании материалов",
                   "при використанні матеріалів", "при цитуванні")


_KEYS = re.compile("|".join(re.escape(k) for k in (
    *_COPYRIGHT_KEYS, *_MESSENGERS, *_MAILINGS, "follow", "новост", "новин", "ctrl", "deliver",
    "enjoyed", "liked", "commission", "share", "portion", "affiliate", "app", "приложени",
    "застосун", "додаток", "rss", "reporting by", "contributed")))


def boiler_line(low: str) -> bool:
    """Whether a short line (lower-cased) is a promo, subscribe, error-report or legal line."""
    if _KEYS.search(low) is None:  # the common case, in one pass
        return False
    if any(k in low for k in _COPYRIGHT_KEYS):
        return True
    if (any(m in low for m in _MESSENGERS) or any(m in low for m in _MAILINGS)) and \
            _IMPERATIVE_RE.search(low):
        return True
    if "follow" in low and _FOLLOW_RE.search(low):
        return True
    if ("новост" in low or "новин" in low) and (
            _MORE_NEWS_RE.search(low) or _MAIL_NEWS_RE.search(low)):
        return True
    return _OTHER_PROMO_RE.search(low) is not None


# Introductions of the outlet's "earlier reports" / "read also" lists.
RELATED_INTRO_RE = re.compile(
    r"(?i)^\W{0,3}(?:"
    r"ранее\s+(?:\w+\s+){0,3}(?:сообщал|писал|рассказывал|информировал)"
    r"|раніше\s+(?:\w+\s+){0,3}(?:повідомля|писа|розповіда|інформува)"
    r"|читайте\s+(?:также|також|еще|ещё|більше|далее|по\s+теме)|також\s+читайте|также\s+читайте"
    r"|по\s+теме|по\s+темі|на\s+тему|см\.\s+также|дивіться\s+також|смотрите\s+также"
    r"|(?:earlier|previously),?\s+(?:\w+\s+){0,3}(?:reported|wrote|covered)"
    r"|(?:as\s+)?we\s+(?:have\s+)?(?:previously|earlier)\s+(?:reported|wrote)"
    r"|read\s+(?:also|more)|see\s+also|related(?:\s+(?:stories|articles|news|coverage|reading))?"
    r"|more\s+(?:on\s+this|from|stories|coverage)|further\s+reading|recommended"
    r"|вас\s+может\s+заинтересовать|вас\s+може\s+зацікавити|вам\s+будет\s+интересно"
    r"|новости\s+по\s+теме|новини\s+за\s+темою|популярное|популярне"
    r"|другие\s+(?:новости|материалы|статьи|публикации)|інші\s+(?:новини|матеріали|статті|публікації)"
    r")"
)
# The heading of a comments section (a whole line): what follows it is readers', not the outlet's.
COMMENTS_RE = re.compile(
    r"(?i)^\W{0,3}(?:\d+\s+)?(?:комментари[йиея]в?|коментар(?:і|ів|ia)|comments?"
    r"|reader\s+comments"
    r"|(?:оставить|добавить|написать|ваш)\s+комментари[йя]|(?:залишити|додати|написати|ваш)\s+коментар"
    r"|leave\s+a\s+(?:comment|reply)|add\s+(?:a\s+)?comment|join\s+the\s+discussion"
    r"|show\s+comments|показать\s+комментарии|показати\s+коментарі)"
    r"(?:\s*[(\[]?\s*\d+\s*[)\]]?)?\s*:?\W{0,3}$")
# Sentence punctuation: its presence tells prose from labels and menus.
SENTENCE_END = frozenset(".!?…»\"”’)。！？」』")
