"""Hostile outlet content for the XSS suites (this one and the browser's): markup, URLs, terminal codes.

Every payload that could run calls ``alert`` (a browser test listens for dialogs) or loads a
``//xss.invalid`` URL (a browser test listens for requests).
"""

from __future__ import annotations

# Raw markup an outlet's page may carry in its article body.
MARKUP = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\" JaVa&#x09;ScRiPt:alert(1)\">tab</a>",
    "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<body onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">css</div>",
    "<style>@import 'https://xss.invalid/x.css'; *{background:url(//xss.invalid/y)}</style>",
    "<link rel=stylesheet href=//xss.invalid/z.css>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></p></noscript>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
    "</table></mtext></math>",
    "<form><math><mtext></form><form><mglyph><svg><mtext><style><path id=\"</style>"
    "<img onerror=alert(1) src>\"></style></mtext></svg></mglyph></form></math>",
    "<img src=\"x` `<script>alert(1)</script>\"` `>",
    "<<script>alert(1)//<</script>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<base href=\"javascript:alert(1)//\">",
    "<template><img src=x onerror=alert(1)></template>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<p>unclosed <b>bold <i>italic <a href=javascript:alert(1)>",
)

# Text that looks like markup: it must reach readers as these very characters.
TEXT = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "'; alert(1); //",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "</title><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
)

# Links an outlet may give: none may leave svodka as a link.
URLS = (
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "\x00javascript:alert(1)",
)

# What would act on a terminal, or on rich's markup, if printed as is.
TERMINAL = (
    "\x1b[31mred\x1b[0m",
    "\x1b[2J\x1b[H",
    "\x1b]8;;https://xss.invalid\x07link\x1b]8;;\x07",
    "\x1b]0;window title\x07",
    "\r\x1b[Koverwritten",
    "\x08\x08\x08",
    "[bold]bold[/bold]",
    "[link=https://xss.invalid]click[/link]",
    "[red on white]styled",
    "\u202egnp.exe",
)

# Terminal payloads that XML 1.0 can carry (no control characters): for names in feeds and OPML.
TERMINAL_XML_SAFE = tuple(p for p in TERMINAL if all(ch >= " " for ch in p))

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")


def is_control(ch: str) -> bool:
    """A character a terminal acts on: C0/C1 controls, DEL, bidi overrides (newline aside)."""
    o = ord(ch)
    return (o < 32 and ch != "\n") or 0x7F <= o <= 0x9F or 0x202A <= o <= 0x202E or \
        0x2066 <= o <= 0x2069
