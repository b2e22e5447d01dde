"""Saved news pages written for the tests: the size and the clutter of real ones, with known contents.

``news_page()`` builds a page of a few hundred kilobytes the way a news site's template renders one: a
head full of meta tags, an ld+json ``NewsArticle`` block, inline CSS and JavaScript, an SVG sprite, a
mega-menu, a cookie banner, HTML comments left by the template, an ``<article>`` whose body carries
teasers for other stories, a newsletter box and a pull-out of links, a "more stories" grid, the site
footer and a ``__NEXT_DATA__`` JSON blob that holds the article text again along with every teaser.

Everything in it is made up for the tests (names, places, figures). ``ARTICLE_PARAGRAPHS`` are what the
extracted text must contain, in order; ``TEASER_SENTENCES`` (claim-like sentences of other stories) and
``CLUTTER_MARKERS`` (strings from scripts, JSON, comments, navigation and footers) must not appear.
"""

from __future__ import annotations

import json

HEADLINE = "Harbour council votes to triple flood defence budget after winter storms"
BYLINE = "Priya Raman"
PUBLISHED = "2026-03-04"
CANONICAL = "https://www.coastal-ledger.example/news/2026/03/04/harbour-flood-defence-budget"
SITE = "The Coastal Ledger"

ARTICLE_PARAGRAPHS = [
    "Harbour city council voted on Tuesday to triple its flood defence budget to £48 million over the next "
    "five years, after three winter storms breached the sea wall in January.",
    "The plan, approved by 31 votes to 9, will raise the height of the eastern sea wall by 1.2 metres and "
    "add two pumping stations in the Old Quay district, according to the council's published budget papers.",
    "Council leader Mara Okafor said the storms had caused an estimated £19 million of damage to homes and "
    "businesses along the waterfront.",
    "The Environment Agency reported that sea levels along this stretch of coast have risen by about 14 "
    "centimetres since 1990.",
    "Opposition councillors argued that the money could be better spent on moving the most exposed homes "
    "inland, and some residents may face higher council tax bills as a result of the decision.",
    "Insurers have already raised premiums in the Old Quay district by 40% since 2024, the Association of "
    "Coastal Insurers said in a statement.",
    "Construction is expected to begin in the autumn and could take up to four years to complete.",
    "The council will publish a full timetable for the works in April, a spokesperson said.",
]

# Claim-like sentences of *other* stories, placed in teasers inside and around the article: a cleaner
# that keeps them puts someone else's claims in this article's review queue.
TEASER_SENTENCES = [
    "Fishing quotas in the bay were cut by 20% last year, officials said.",
    "The regional hospital trust recorded 4,100 more emergency admissions than in 2024.",
    "Ferry operator Bluewake said ticket prices will rise by 12% from June.",
    "Unemployment in the county fell to 3.9% in the final quarter, the statistics office said.",
    "The new bypass has cut average commuting times by eleven minutes, according to the transport board.",
    "Police recorded 312 burglaries in the harbour district last year, a rise of 18%.",
    "House prices on the seafront rose by 7% in twelve months, estate agents reported.",
    "The university will cut 140 jobs by 2027 to close a £30 million deficit.",
]

CLUTTER_MARKERS = [
    "window.dataLayer",
    "__NEXT_DATA__",
    "buildId",
    "We use cookies",
    "Accept all cookies",
    "TEMPLATE: article-v7",
    "Sign up to the Morning Tide newsletter",
    "Subscribe for £1 a week",
    "Most read",
    "Registered in England",
    "font-family",
    "@context",
    "Skip to main content",
]


def _css(kilobytes: int) -> str:
    rules = []
    for i in range(kilobytes * 6):
        rules.append(
            f".c-card--{i} .c-card__headline{{font-family:Georgia,serif;font-size:{12 + i % 9}px;"
            f"line-height:1.{i % 7};margin:0 0 {i % 5}px}}"
        )
    return "\n".join(rules)


def _javascript(kilobytes: int) -> str:
    lines = [
        "window.dataLayer = window.dataLayer || [];",
        "function gtag(){dataLayer.push(arguments);}",
        # a string literal that reads like a claim: scripts must never reach the text
        'var fallbackSummary = "The council said the budget will fall by 50% next year.";',
    ]
    for i in range(kilobytes * 8):
        lines.append(f"registerModule('m{i}', function(e,t,n){{return e&&t?n.call(e,{i}):null}});")
    return "\n".join(lines)


def _svg_sprite() -> str:
    icons = "".join(
        f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path d="M{i} 2l{i % 7} 10-4 {i}z"/></symbol>'
        for i, name in enumerate(["search", "menu", "close", "share", "facebook", "x", "mail", "print"] * 20)
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{icons}</svg>'


def _menu() -> str:
    sections = ["News", "Politics", "Business", "Environment", "Sport", "Culture", "Opinion", "Travel"]
    items = []
    for section in sections:
        links = "".join(f'<li><a href="/{section.lower()}/topic-{i}">{section} topic {i}</a></li>' for i in range(40))
        items.append(f'<li class="mega-menu__item"><a href="/{section.lower()}">{section}</a><ul>{links}</ul></li>')
    return (
        '<a class="skip-link" href="#main">Skip to main content</a>'
        '<header class="site-header"><nav class="mega-menu" aria-label="Sections"><ul>'
        + "".join(items)
        + "</ul></nav></header>"
    )


def _teaser_card(index: int, sentence: str, css_class: str = "c-card") -> str:
    return (
        f'<div class="{css_class}"><a href="/news/story-{index}"><img src="/img/{index}.jpg" alt="">'
        f'<h3 class="c-card__headline">Story {index} headline</h3>'
        f'<p class="c-card__standfirst">{sentence}</p></a></div>'
    )


def _next_data(paragraphs: list[str], kilobytes: int) -> str:
    data = {
        "props": {
            "pageProps": {
                "article": {"headline": HEADLINE, "body": [{"type": "p", "text": p} for p in paragraphs]},
                "teasers": [{"headline": f"Story {i}", "standfirst": s} for i, s in enumerate(TEASER_SENTENCES)],
                "tracking": [{"id": i, "event": "impression", "payload": "x" * 80} for i in range(kilobytes * 9)],
            }
        },
        "page": "/news/[...slug]",
        "buildId": "k3Jd9sQ2",
    }
    return f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'


def news_page(
    *,
    paragraphs: list[str] | None = None,
    headline: str = HEADLINE,
    byline: str = BYLINE,
    published: str = PUBLISHED,
    canonical: str = CANONICAL,
    lang: str = "en-GB",
    padding_kilobytes: int = 120,
    charset: str = "utf-8",
) -> bytes:
    """A saved article page (``padding_kilobytes`` of CSS, JS and JSON each, so about 3x that in all)."""
    paragraphs = ARTICLE_PARAGRAPHS if paragraphs is None else paragraphs
    ld_json = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": f"{published}T07:15:00+00:00",
        "dateModified": f"{published}T09:40:00+00:00",
        "author": [{"@type": "Person", "name": byline, "url": "https://www.coastal-ledger.example/profile/pr"}],
        "publisher": {"@type": "Organization", "name": SITE},
        "mainEntityOfPage": canonical,
        "inLanguage": lang,
    }
    teaser_inline = (
        '<aside class="inline-related" data-component="related-links"><h2>Related</h2>'
        + _teaser_card(1, TEASER_SENTENCES[0])
        + "</aside>"
    )
    # A teaser with no tell-tale class name but "promo", as many templates write it.
    promo_inline = (
        '<div class="c-inline-promo" data-component="recirculation"><span>Read more</span>'
        + _teaser_card(2, TEASER_SENTENCES[1], css_class="c-inline-promo__card")
        + "</div>"
    )
    newsletter = (
        '<div class="newsletter-signup"><p>Sign up to the Morning Tide newsletter: the day\'s stories in your '
        'inbox every morning.</p><form><input type="email" placeholder="Email"><button>Sign up</button></form></div>'
    )
    body_parts = []
    for i, paragraph in enumerate(paragraphs):
        body_parts.append(f"<p>{paragraph}</p>")
        if i == 1:
            body_parts.append(teaser_inline)
        if i == 3:
            body_parts.append(promo_inline)
            body_parts.append('<!-- ad slot: mpu-2 --><div class="ad-slot" id="ad-mpu-2"></div>')
        if i == 5:
            body_parts.append(newsletter)
    more_stories = (
        '<section class="more-stories"><h2>Most read</h2>'
        + "".join(_teaser_card(10 + i, s) for i, s in enumerate(TEASER_SENTENCES[2:]))
        + "</section>"
    )
    page = f"""<!DOCTYPE html>
<html lang="{lang}" class="no-js">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{headline} | {SITE}</title>
<meta name="description" content="The council approved the plan by 31 votes to 9.">
<link rel="canonical" href="{canonical}">
<meta property="og:type" content="article">
<meta property="og:title" content="{headline}">
<meta property="og:url" content="{canonical}">
<meta property="og:site_name" content="{SITE}">
<meta property="article:published_time" content="{published}T07:15:00+00:00">
<meta name="author" content="{byline}">
<script type="application/ld+json">{json.dumps(ld_json)}</script>
<style>{_css(padding_kilobytes)}</style>
<script>{_javascript(padding_kilobytes)}</script>
</head>
<body class="article-page">
<!-- TEMPLATE: article-v7 | rendered by edge-3 | cache HIT -->
{_svg_sprite()}
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.</p>
<button>Accept all cookies</button></div>
{_menu()}
<main id="main">
<article class="article">
  <header class="article__header">
    <p class="article__kicker"><a href="/environment">Environment</a></p>
    <h1 class="article__headline">{headline}</h1>
    <p class="article__byline">By <a rel="author" href="/profile/pr">{byline}</a>, Environment correspondent</p>
    <time class="article__date" datetime="{published}T07:15:00+00:00">Published 07:15 GMT</time>
  </header>
  <figure class="article__image"><img src="/img/seawall.jpg" alt="Waves over the sea wall">
    <figcaption>Waves break over the eastern sea wall in January. Photograph: Coastal Ledger</figcaption></figure>
  <div class="article__body">
  {"".join(body_parts)}
  </div>
  <!-- <p>An earlier draft said the budget would be doubled to £32 million.</p> -->
  <footer class="article__footer"><ul class="tag-list"><li>Flooding</li><li>Harbour council</li></ul>
  <div class="share-tools">Share on Facebook | Share on X | Email</div></footer>
</article>
{more_stories}
</main>
<footer class="site-footer"><p>{SITE} is published by Ledger Media Ltd. Registered in England no. 0123456.</p>
<p>Subscribe for £1 a week</p></footer>
{_next_data(paragraphs, padding_kilobytes)}
<script>window.dataLayer.push({{"event":"pageview","section":"environment"}});</script>
</body>
</html>
"""
    return page.encode(charset)


# A French page: the same clutter, another language (triage, as for text).
FRENCH_PARAGRAPHS = [
    "Le conseil municipal a voté mardi le triplement du budget de protection contre les inondations, qui "
    "atteindra 48 millions d'euros sur cinq ans.",
    "Selon la maire, les tempêtes de janvier ont causé environ 19 millions d'euros de dégâts aux logements et "
    "aux commerces du front de mer.",
    "Les travaux devraient commencer à l'automne et pourraient durer jusqu'à quatre ans.",
    "L'opposition estime que cet argent aurait dû servir à reloger les habitants les plus exposés.",
]


def french_page() -> bytes:
    return news_page(
        paragraphs=FRENCH_PARAGRAPHS,
        headline="Le conseil triple le budget de protection contre les inondations",
        lang="fr",
        canonical="https://www.journal-du-port.example/actualites/2026/03/04/budget-inondations",
        padding_kilobytes=40,
    )


def app_shell_page() -> bytes:
    """A page whose article is rendered by JavaScript: menus, footer and a JSON blob, no main text."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{SITE}</title>
<script>{_javascript(20)}</script></head><body>{_menu()}<div id="__next"></div>
<footer class="site-footer"><p>{SITE} is published by Ledger Media Ltd.</p></footer>
{_next_data(ARTICLE_PARAGRAPHS, 20)}</body></html>""".encode()
