"""Block rules: heuristics on a line and its neighbours (position, runs, language).

Most read position and shape rather than words, so they work on dumps in languages we ship no
vocabulary for: a related-links list is a run of short headline-like lines at the end of an
article in any language, a teaser in another language is told by the language model, a menu
stands above the headline. Some use language-neutral word lists (cookie words, agencies, site
words) or the vocabulary of a neighbouring removal (consent buttons next to a banner).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaners import langid, vocab
from cleaners.document import Document, Line
from cleaners.rules.base import BlockRule
from cleaners.textutil import (WORD, casefold_nfkc, ends_sentence, ends_truncated,
                               is_menu_line, label_key, strip_enum, text_cache, word_count,
                               words_of)

#: A related list is at least this many headline-like lines in a row.
MIN_RELATED_RUN = 3
#: Headlines are at most this many words.
MAX_HEADLINE_WORDS = 22
#: Confidence the model needs before a line counts as written in another language.
MIN_OFF_LANGUAGE_SCORE = 0.8
#: A site-name byline has at most this many words and sits this close to the top.
MAX_SITE_BYLINE_WORDS = 4
SITE_BYLINE_WINDOW = 6

_PERIOD_END = tuple(".。۔।;")
#: Sign-off lines that close an article and must stay: "dj/jm (Reuters, Interfax)",
#: "(Reporting by Jane Doe; Editing by John Roe)".
_SIGNOFF = re.compile(r"^(?:[a-z]{1,4}(?:/[a-z]{1,4})+\b.*|\(.*\)|[a-z]{2,4}/[a-z]{2,4})$", re.I)
_DOMAIN = re.compile(
    r"^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|news|press|online|media|tv|co|de|fr|es|it|nl|"
    r"be|ch|at|pt|br|ar|mx|cl|pe|uk|ie|ru|ua|by|kz|pl|cz|sk|hu|ro|bg|hr|rs|si|ba|gr|tr|ir|iq|"
    r"sa|ae|qa|kw|bh|om|jo|lb|sy|eg|ma|dz|tn|ly|sd|ng|ke|za|gh|pk|in|bd|lk|np|af|id|my|sg|"
    r"ph|th|vn|cn|hk|tw|jp|kr|au|nz|ca|us|se|no|dk|fi|is|ee|lv|lt|az|ge|am|il)\b", re.I)


@text_cache()
def headline_like(text: str) -> bool:
    """A short line that reads like a headline: a few words, no closing period.

    >>> headline_like("الحريري يؤسس من القاهرة لعودة صلبة إلى لبنان")
    True
    >>> headline_like("The US refused to conduct airstrikes over the leaving ISIL convoy.")
    False
    """
    stripped = strip_enum(text).rstrip("\"'”’»)]\u00a0 ")
    if not stripped or stripped.endswith(_PERIOD_END) or stripped.endswith(":"):
        return False
    return 2 <= word_count(stripped) <= MAX_HEADLINE_WORDS and len(stripped) <= 200


def is_body(text: str) -> bool:
    """A line that reads like article prose rather than a link or label."""
    return not headline_like(text) and not ends_truncated(text) and word_count(text) >= 5


def kept_lines(doc: Document) -> list[Line]:
    """The lines no rule has removed yet (worked out once per removal; not to be changed)."""
    return doc.derived("kept", lambda d: [line for line in d.lines if line.kept])


def doc_span(doc: Document) -> tuple[int, int] | None:
    """``article_span`` of the document's kept lines, worked out once per removal."""
    return doc.derived("span", lambda d: article_span(kept_lines(d)))


_NOT_PUNCT = re.compile(r"[\w\s]+")


def _same_shape(lines: list[Line]) -> bool:
    """Most lines share one punctuation skeleton ("X (Group E): Nth appearance").

    Headlines of other stories vary; rows of a list in the article repeat a template.
    """
    shapes = [_NOT_PUNCT.sub("", strip_enum(line.text)) for line in lines]
    common, count = max(((s, shapes.count(s)) for s in set(shapes)), key=lambda x: x[1])
    return bool(common) and count >= 0.6 * len(lines)


#: "Referees: Kaya, Tat, Yıldız", "Venue: City Stadium", "TSV: Berger (goal); Schuster 7/4":
#: a label of up to five words, a colon, then a short value or a list.
_FACT = re.compile(r"^([^:：]{2,40})[:：]\s*(\S.*)$")


def _fact_line(text: str) -> bool:
    """A line of an article's fact box (a match card, a line-up, the venue) rather than the
    headline of another story: its value is a list or a few words."""
    m = _FACT.match(text)
    if not m or word_count(m.group(1)) > 5:
        return False
    value = m.group(2)
    return (value.count(",") + value.count(";") >= 2 or word_count(value) <= 6
            or sum(c.isdigit() for c in value) * 5 >= len(value))


def _tail_run(doc: Document) -> Iterator[Line]:
    """Related lists at the end: headline-like lines or teasers after the last paragraph."""
    kept = kept_lines(doc)
    run: list[Line] = []
    stop: Line | None = None
    for line in reversed(kept):
        if _SIGNOFF.match(line.text):
            continue
        if headline_like(line.text) or ends_truncated(line.text):
            run.append(line)
            continue
        stop = line
        break
    if stop is None or stop.text.rstrip().endswith(":"):
        return  # nothing but short lines (no article), or a list its paragraph announces
    run.reverse()
    while run and _fact_line(run[0].text):
        run.pop(0)  # the article's fact box right under its last paragraph
    truncated = sum(ends_truncated(line.text) for line in run)
    if len(run) >= MIN_RELATED_RUN and _same_shape(run):
        return  # tour dates, group tables: rows of one template are data, not headlines
    if len(run) >= MIN_RELATED_RUN or (len(run) >= 2 and truncated):
        yield from run


RELATED_TAIL = BlockRule(
    "related.tail_run", "related", _tail_run,
    examples=("Title of the story here\n\n" + "A long paragraph of the article that tells the "
              "story in full sentences and ends with a period.\n\n"
              "First other headline here\n\nSecond other headline here\n\n"
              "Third other headline here\n\nFourth other headline here",),
    counterexamples=("Title of the story here\n\nA long paragraph of the article that tells the "
                     "story in full sentences and ends with a period.\n\nThe plan has three "
                     "parts:\n\nCheaper trains for all\n\nMore buses at night\n\nFree parking "
                     "at stations",
                     "Title of the story here\n\nA long paragraph of the article that tells the "
                     "story in full sentences and ends with a period.\n\ndj/jm (Reuters, "
                     "Interfax)",
                     "Tour dates announced for the summer\n\nThe band will play twenty shows "
                     "across the country this summer, the promoter said.\n\nJune 9 – Tampa, FL "
                     "@ Coral Sky\n\nJune 10 – Miami, FL @ Bayfront Park\n\nJune 14 – Atlanta, "
                     "GA @ Ameris Bank\n\nJune 17 – Nashville, TN @ Bridgestone Arena"),
)


def _tag_like(text: str) -> bool:
    """A tag or short link under a heading: one to four words, no sentence."""
    return word_count(text) <= 4 and not ends_sentence(text)


#: Removed labels that head a list of links.
_LIST_HEADINGS = frozenset({"related.heading", "widget.label", "readmore.label", "widget.tags"})


def _after_heading(doc: Document) -> Iterator[Line]:
    """Headlines and teasers listed under a "Related"/"Most read" heading, until prose resumes.

    Headings above the article (a player's "Listen to this article", a menu) head nothing
    of the article's: only headings after the title or the first paragraph count.
    """
    started = False
    heading: str | None = None  # the rule that removed the heading the lines stand under
    run: list[Line] = []
    span = doc_span(doc)
    last = kept_lines(doc)[span[1]] if span else None
    after_article = last is None
    for line in doc.lines:
        after_article = after_article or line is last
        if not line.kept:
            if line.removed_by == "meta.title":
                started, heading = True, None
            elif started and line.removed_by in _LIST_HEADINGS and not (
                    line.removed_by == "widget.tags" and any(c in line.text for c in ":：")
                    and not after_article):
                # (a tags label heads the tags under it; "Topics: a, b" lists its own, and
                # only under the article does a list follow it)
                yield from _listed(heading, run)
                heading, run = line.removed_by, []
            continue
        if heading and (headline_like(line.text) or ends_truncated(line.text)
                        or _tag_like(line.text)):
            run.append(line)
        else:
            if heading and run and is_body(line.text) and _subheading_of(run, line):
                run.pop()  # the article goes on under its own subheading
            yield from _listed(heading, run)
            heading, run = None, []
            started = started or is_body(line.text)
    yield from _listed(heading, run)


def _subheading_of(run: list[Line], paragraph: Line) -> bool:
    """The run's last line is a subheading of the paragraph under it: short, and shorter than
    the headlines listed above it."""
    last = word_count(run[-1].text)
    if last > MAX_SUBHEADING_WORDS or ends_truncated(run[-1].text):
        return False
    return len(run) == 1 or last < min(word_count(line.text) for line in run[:-1])


def _listed(heading: str | None, run: list[Line]) -> list[Line]:
    """The lines listed under a heading. A lone "Read more" button heads no list: one short
    line under it is the article's next subheading."""
    if heading == "readmore.label" and len(run) < 2:
        return []
    return run


#: A subheading is at most this many words (the headlines of a list are longer).
MAX_SUBHEADING_WORDS = 5


RELATED_AFTER_HEADING = BlockRule(
    "related.after_heading", "related", _after_heading,
    examples=("Title of the story here\n\nA long paragraph of the article that tells the story "
              "in full sentences and ends with a period.\n\nRelated Articles\n\n"
              "Another story about something else\n\nYet another story about other things",),
    counterexamples=("Title of the story here\n\nA long paragraph of the article that tells the "
                     "story in full sentences and ends with a period.\n\nA second paragraph of "
                     "the same article, also in full sentences.",
                     "Title of the story here\n\nA long paragraph of the article that tells the "
                     "story in full sentences and ends with a period.\n\nRead more\n\nWhat the "
                     "opposition says\n\nThe opposition called the plan too expensive and asked "
                     "for an audit of the costs.",),
)


def _off_language(doc: Document) -> Iterator[Line]:
    """Paragraphs in another language than the article (teasers of other editions).

    One foreign sentence inside an article (a quote) stays: a line goes only when another
    foreign line stands next to it or no paragraph in the article's language follows it.
    """
    if not doc.language:
        return
    kept = kept_lines(doc)

    def verdict(line: Line) -> str:  # "off", "on" or "" (too short or unsure)
        if line.lang is None:
            return ""
        if langid.same_language(line.lang, doc.language):
            return "on" if line.lang_score >= 0.5 else ""
        return "off" if line.lang_score >= MIN_OFF_LANGUAGE_SCORE else ""

    # "?": the stopwords did not settle it. The model (0.2 us a character) is asked only where
    # the answer can matter: after the last line known to be in the article's language, or
    # next to another such line. A "?" line elsewhere cannot go (it has no foreign neighbour
    # and a line in the article's language follows), nor change what happens to another line.
    verdicts = ["?" if line.lang_pending else verdict(line) for line in kept]
    known_on = max((i for i, v in enumerate(verdicts) if v == "on"), default=-1)
    ask = [i for i, v in enumerate(verdicts) if v == "?" and (
        i > known_on or "?" in verdicts[max(0, i - 1):i] + verdicts[i + 1:i + 2])]
    for i in ask:
        line = kept[i]
        line.lang, line.lang_score = langid.detect_line(line.text)
        line.lang_pending = False
        verdicts[i] = verdict(line)
    verdicts = ["" if v == "?" else v for v in verdicts]
    last_on = max((i for i, v in enumerate(verdicts) if v == "on"), default=-1)
    for i, (line, verdict) in enumerate(zip(kept, verdicts)):
        if verdict != "off":
            continue
        neighbours = {verdicts[j] for j in (i - 1, i + 1) if 0 <= j < len(verdicts)}
        if "off" in neighbours or i > last_on:
            yield line


RELATED_OFF_LANGUAGE = BlockRule(
    "related.off_language", "related", _off_language,
    examples=("Russia accuses the US of helping the militants\n\nThe Russian Defense Ministry "
              "said it has obtained evidence the US-led coalition provides support for the "
              "militant group in Syria.\n\nThe ministry showed photos made by Russian drones on "
              "November 9 which show long convoys of armed groups leaving the town.\n\n"
              "Le ministère russe de la Défense a qualifié de fait avéré le refus des "
              "États-Unis d'effectuer des frappes sur des convois.\n\nLe ministère a en outre "
              "publié les photos authentiques du retrait des terroristes de la ville.",),
    counterexamples=("The mayor opened the new bridge on Monday\n\nThe mayor opened the new "
                     "bridge on Monday morning in front of a large crowd of residents.\n\n"
                     "Ein Besucher rief laut: Das ist die schönste Brücke der ganzen Stadt!\n\n"
                     "The bridge cost twelve million euros and took three years to build, the "
                     "city council said.",),
)


def _site_byline(doc: Document) -> Iterator[Line]:
    """A site name standing alone near the top ("Middle East Online", "walaw.press")."""
    sitename = label_key(doc.metadata.get("sitename") or "")
    sitewords = vocab.words("sitewords")
    seen = 0
    for line in doc.lines:
        if not line.kept:
            continue
        seen += 1
        if seen > SITE_BYLINE_WINDOW:
            return
        text = line.text
        words = word_count(text)
        if ends_sentence(text) or words > MAX_SITE_BYLINE_WORDS + 2:
            continue
        key = label_key(text)
        if (sitename and key == sitename) or any(_DOMAIN.match(t) for t in key.split()):
            yield line  # the site's name, or a name with the site's domain
        elif words <= MAX_SITE_BYLINE_WORDS and set(WORD.findall(key)) & sitewords:
            yield line


BYLINE_SITENAME = BlockRule(
    "byline.sitename", "byline", _site_byline,
    examples=("Moscow accuses Washington of blocking strikes\n\nThe Russian defence ministry "
              "said on Tuesday that the coalition had tried to impede its aircraft.\n\n"
              "Middle East Online\n\nMoscow - the ministry said the United States was only "
              "pretending to fight terrorism in the region.",
              "Floods hit the coast again\n\nAndi Prasetyo - kabarjateng.id\n\nHeavy rain "
              "flooded three villages on Monday, the disaster agency said."),
    counterexamples=("Moscow accuses Washington of blocking strikes\n\nThe Russian defence "
                     "ministry said on Tuesday that the coalition had tried to impede its "
                     "aircraft.\n\nAmericans refused to bomb IS\n\nMoscow - the ministry said "
                     "the United States was only pretending to fight terrorism.",),
)


def article_span(kept: list[Line]) -> tuple[int, int] | None:
    """Indices (among the kept lines) of the article's first paragraph and of its last:
    the first sentence long enough or followed closely by another (else the first sentence),
    the last sentence. None when no line is a sentence."""
    sentences = [i for i, line in enumerate(kept)
                 if ends_sentence(line.text) and is_body(line.text)]
    if not sentences:
        return None
    # A consent banner is no paragraph (unless every sentence speaks of cookies); only the
    # sentences the answer depends on are read for cookies.
    cookie = vocab.substrings("cookie_words")

    def banner(i: int) -> bool:
        # A banner stands alone (buttons, menus or the footer around it); a sentence about
        # cookies between two paragraphs belongs to an article about them.
        if cookie.search(casefold_nfkc(kept[i].text)) is None:
            return False
        return not any(0 <= j < len(kept) and is_body(kept[j].text) for j in (i - 1, i + 1))

    def strong(i: int) -> bool:
        return word_count(kept[i].text) >= LONG_PARAGRAPH_WORDS or any(
            is_body(kept[j].text) for j in range(i + 1, min(i + 4, len(kept))))

    last = next((i for i in reversed(sentences) if not banner(i)), None)
    if last is None:  # every sentence speaks of cookies: the article is about them
        return next((i for i in sentences if strong(i)), sentences[0]), sentences[-1]
    first = next((i for i in sentences if strong(i) and not banner(i)), None)
    if first is None:
        first = next(i for i in sentences if not banner(i))
    return first, last


#: A sentence this long starts the article even when no paragraph follows it closely.
LONG_PARAGRAPH_WORDS = 25


#: Removals that stand next to an author's name in an article's head.
_NAME_NEIGHBOURS = ("byline.", "counter.", "share.")
#: A person's name is two to four capitalized words.
_NAME_WORDS = (2, 4)


def _author_names(doc: Document) -> Iterator[Line]:
    """The author's name alone on a line in the article's head, under the headline ("Jeroen
    Bakker", "Ana Sofia Marques"), in a script with capitals."""
    from cleaners.rules.lines import _names

    title = next((i for i, line in enumerate(doc.lines) if line.removed_by == "meta.title"), None)
    if title is None:
        return
    below = {id(line) for line in doc.lines[title + 1:]}
    # A name stands next to the article's dateline or another byline ("Jane Doe / 12 March
    # 2024"); alone under a headline two capitalized words are as often a subheading ("Hohe
    # Kosten", in German every noun is capitalized).
    index = {id(line): i for i, line in enumerate(doc.lines)}
    for line in _head(doc):
        text = line.text
        words = text.split()
        i = index[id(line)]
        beside = [doc.lines[j].removed_by for j in range(i - 2, i + 3)
                  if 0 <= j < len(doc.lines) and j != i]
        if not any(r == "meta.dateline" or r.startswith(_NAME_NEIGHBOURS) for r in beside):
            continue
        if (id(line) in below and _NAME_WORDS[0] <= len(words) <= _NAME_WORDS[1]
                and not ends_sentence(text) and not any(c.isdigit() for c in text)
                and all(w[:1].isalpha() and w[0].casefold() != w[0].upper() for w in words[:1])
                and _names(words) and sum(w[0].isupper() for w in words) >= 2
                and not text.isupper()):
            yield line


BYLINE_NAME = BlockRule(
    "byline.name", "byline", _author_names,
    examples=("Council approves the new harbour plan on Tuesday\n\nJane Doe\n\n12 March 2024"
              "\n\nThe council approved the harbour plan after a long debate in the town hall."
              "\n\nWork is to start next spring, the mayor said.",),
    counterexamples=("Council approves the new harbour plan on Tuesday\n\nThe council approved "
                     "the harbour plan after a long debate in the town hall.\n\nJane Doe\n\n"
                     "Work is to start next spring, the mayor said.",
                     "Council approves the new harbour plan on Tuesday\n\nKEY POINTS\n\nThe "
                     "council approved the harbour plan after a long debate in the town hall.\n\n"
                     "Work is to start next spring, the mayor said.",
                     "Stadtrat beschließt neuen Hafenplan\n\nHohe Kosten\n\nDer Stadtrat hat am "
                     "Dienstag nach langer Debatte den Hafenplan beschlossen, sagte der "
                     "Bürgermeister.\n\nDie Arbeiten sollen im Frühjahr beginnen.",),
)


#: How far (in lines) a comment form's fields may stand from its heading or its text.
COMMENT_FORM_REACH = 2


def _comment_form(doc: Document) -> Iterator[Line]:
    """The fields and buttons of a comment form ("Your comment", "Send") next to its heading
    or its text, under the article's last paragraph."""
    kept = kept_lines(doc)
    span = doc_span(doc)
    if span is None:
        return
    last = kept[span[1]]
    after = False
    near = -COMMENT_FORM_REACH - 1
    for i, line in enumerate(doc.lines):
        if line is last:
            after = True
            continue
        if not after:
            continue
        if line.category == "comments":
            near = i
        elif (line.kept and i - near <= COMMENT_FORM_REACH and word_count(line.text) <= 4
              and not ends_sentence(line.text)):
            yield line
            near = i


COMMENTS_FORM = BlockRule(
    "comments.form", "comments", _comment_form,
    examples=("Council approves the new harbour plan on Tuesday\n\nThe council approved the "
              "harbour plan after a long debate in the town hall.\n\nLeave a comment\n\nYour "
              "name\n\nYour comment\n\nSend",),
    counterexamples=("Council approves the new harbour plan on Tuesday\n\nLeave a comment\n\n"
                     "Your name\n\nThe council approved the harbour plan after a long debate in "
                     "the town hall.",),
)


#: Apps and networks a "follow us" or "download our app" prompt names.
_FOLLOW_NAMES = re.compile(r"\b(?:whatsapp|telegram|facebook|instagram|tiktok|youtube|twitter|"
                           r"linkedin|google news|google play|app store|viber|threads|bluesky|"
                           r"mastodon|snapchat|pinterest|vkontakte|dzen|zalo|kakao|newsletter|"
                           r"android|ios|app)\b|@[\w-]+\.[a-z]{2,}")
MAX_PROMPT_WORDS = 25


def _follow_prompts(doc: Document) -> Iterator[Line]:
    """"Follow us on Facebook", "Join our WhatsApp channel", "Download the app on Google
    Play", "Subscribe to our newsletter", "Tips to news@site.com": a short line naming an
    app, a network, a newsletter or an e-mail address, above the article's first paragraph
    or under its last (inside the article such a line is news about the app)."""
    kept = kept_lines(doc)
    span = doc_span(doc)
    if span is None:
        return
    for i, line in enumerate(kept):
        if span[0] <= i <= span[1] or word_count(line.text) > MAX_PROMPT_WORDS:
            continue
        if _FOLLOW_NAMES.search(casefold_nfkc(line.text)):
            yield line


WIDGET_FOLLOW = BlockRule(
    "widget.follow", "widget", _follow_prompts,
    examples=("Council approves the new harbour plan on Tuesday\n\nThe council approved the "
              "harbour plan after a long debate in the town hall.\n\nWork is to start next "
              "spring, the mayor said.\n\nJoin the Harbour Post channel on WhatsApp!",),
    counterexamples=("Council approves the new harbour plan on Tuesday\n\nThe council approved "
                     "the harbour plan after a long debate in the town hall.\n\nThe mayor "
                     "announced it on Facebook.\n\nWork is to start next spring, the mayor "
                     "said.",),
)


def _listed_prayer_times(doc: Document) -> Iterator[Line]:
    """Prayer times written out with a colon ("Fajr: 5:39 am") above the article or under
    it: a widget. Between the article's paragraphs they are its own list and stay."""
    from cleaners.rules.lines import is_listed_prayer_time

    kept = kept_lines(doc)
    span = doc_span(doc)
    for i, line in enumerate(kept):
        if (span is None or not span[0] < i < span[1]) and is_listed_prayer_time(line.text):
            yield line


PRAYER_LISTED = BlockRule(
    "prayer.listed", "prayer", _listed_prayer_times,
    examples=("Fajr: 05:12\nDhuhr: 12:23\n\nCouncil approves the new harbour plan\n\nThe "
              "council approved the harbour plan on Tuesday after a long debate.\n\nWork is to "
              "start next spring, the mayor said.",),
    counterexamples=("Ramadan timetable published for Lagos\n\nThe mosque committee published "
                     "the prayer times for the first day of Ramadan on Friday.\n\nFajr: 5:39 am"
                     "\n\nIsha: 8:06 pm\n\nMuslims break their fast at Maghrib, around 18:42 "
                     "this week.",),
)


def _prayer_heading(doc: Document) -> Iterator[Line]:
    """A prayer-time widget's heading with its city or day ("Prayer Times Dubai", "Jadwal
    Sholat Semarang") next to the widget's lines. An article's own subheading ("Prayer times
    in Cairo today") over a list it writes out ("Fajr: 4:29 am") stays."""
    from cleaners.rules.lines import is_prayer_heading

    lines = doc.lines
    for i, line in enumerate(lines):
        if line.kept and any(0 <= j < len(lines) and lines[j].category == "prayer"
                             for j in (i - 1, i + 1)) and is_prayer_heading(line.text):
            yield line


PRAYER_HEADING = BlockRule(
    "prayer.heading", "prayer", _prayer_heading,
    examples=("Prayer Times Dubai\nFajr 05:12\nDhuhr 12:23\n\nCouncil approves the new "
              "harbour plan\n\nThe council approved the harbour plan on Tuesday after a long "
              "debate.",
              "Jadwal Sholat Semarang\nSubuh 04:21\nDzuhur 11:42\n\nBanjir rendam ribuan rumah"
              "\n\nHujan deras sejak Senin malam membuat sungai meluap di tiga kecamatan.",),
    counterexamples=("Ramadan timetable published for Cairo\n\nThe ministry published the "
                     "prayer times for the fifth day of Ramadan on Friday.\n\nPrayer times "
                     "Cairo today\n\nFajr is called at 4:29 in the capital\n\nMaghrib follows "
                     "at 5:58 in the evening\n\nMuslims break their fast at Maghrib, around "
                     "18:42 this week.",),
)


#: A time of day alone on its line ("05:12", "١٨:٥٠", "5:12 AM").
_BARE_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|a\.m\.|p\.m\.))?$", re.I)


#: A desk signs an article among its first kept lines or its last ones.
DESK_HEAD, DESK_TAIL = 8, 3


#: Metadata lines that stand in an article's head, with its bylines.
_HEAD_MARKS = ("meta.dateline", "byline.prefix", "byline.agency")
#: The head is looked for among this many lines under the headline.
HEAD_REACH = 10


def _head(doc: Document) -> list[Line]:
    """The kept lines of the article's head: above its first paragraph, and down to the last
    dateline or byline under the headline (a standfirst may stand above them: "Headline /
    Standfirst. / Jane Doe / 12.03.2024 / Text ...")."""
    kept = kept_lines(doc)
    span = doc_span(doc)
    if span is None:
        return []
    head = kept[:min(span[0], DESK_HEAD)]
    title = next((i for i, line in enumerate(doc.lines) if line.removed_by == "meta.title"), None)
    if title is not None:
        below = doc.lines[title + 1:title + 1 + HEAD_REACH]
        # Not past a paragraph after the first one (a standfirst may come first): the
        # article has started, and a dated subheading further down makes no head.
        first, end = kept[span[0]], len(below)
        for i, line in enumerate(below):
            if line.kept and line is not first and i and any(b is first for b in below[:i]) \
                    and is_body(line.text) and ends_sentence(line.text):
                end = i
                break
        last = max((i for i, line in enumerate(below[:end]) if line.removed_by in _HEAD_MARKS),
                   default=-1)
        seen = {id(line) for line in head}
        head += [line for line in below[:max(0, last)] if line.kept and id(line) not in seen]
    return head


def _desk_bylines(doc: Document) -> Iterator[Line]:
    """A newsroom or desk signing the article in its head or under its last paragraph
    ("Redactie Tech", "Haber Merkezi", "Sports reporter"); the same words in a subheading
    ("Staff Shortages Hit Hospitals") stand between paragraphs and stay."""
    from cleaners.rules.lines import is_desk

    kept = kept_lines(doc)
    span = doc_span(doc)
    if span is None:
        return
    tail = kept[span[1] + 1:][-DESK_TAIL:]
    for line in _head(doc) + tail:
        if is_desk(line.text):
            yield line


BYLINE_DESK = BlockRule(
    "byline.desk", "byline", _desk_bylines,
    examples=("Council approves the new harbour plan on Tuesday\n\nSports reporter\n\nThe "
              "council approved the harbour plan after a long debate in the town hall.",
              "Council approves the new harbour plan on Tuesday\n\nThe council approved the "
              "harbour plan after a long debate in the town hall.\n\nNewsroom"),
    counterexamples=("Council approves the new harbour plan on Tuesday\n\nThe council approved "
                     "the harbour plan after a long debate in the town hall.\n\nStaff Shortages "
                     "Hit Hospitals\n\nThe hospitals said they lacked nurses for the new wards."
                     "\n\nThe mayor promised to hire more staff next year.",),
)


def _prayer_context(doc: Document) -> Iterator[Line]:
    """A city name inside a prayer-time widget ("Namaz Vakitleri / Eskişehir / İmsak 06:01"),
    and a prayer's time on the line under its name ("العشاء / ١٨:٥٠")."""
    lines = doc.lines
    for i, line in enumerate(lines):
        if not line.kept or i == 0:
            continue
        after = i < len(lines) - 1 and lines[i + 1].category == "prayer"
        if lines[i - 1].category == "prayer" and (
                _BARE_TIME.match(line.text)
                or (after and word_count(line.text) <= 3 and not ends_sentence(line.text))):
            yield line


PRAYER_CONTEXT = BlockRule(
    "prayer.context", "prayer", _prayer_context,
    examples=("Namaz Vakitleri\nEskişehir\nİmsak 06:01\nGüneş 07:26\n\nEskişehir'de tramvay "
              "hattı uzatıldı\n\nBüyükşehir belediyesi yeni hattı pazartesi günü hizmete açtı.",
              "Prayer times\nFajr\n05:25\nIsha\n18:50\n\nCouncil approves the new harbour plan "
              "on Tuesday\n\nThe council approved the harbour plan after a long debate.",),
    counterexamples=("Ramazan ayı başladı\n\nİftar saati yaklaşırken şehirde hareketlilik "
                     "arttı.\n\nEskişehir\n\nBelediye iftar çadırları kurdu ve binlerce kişi "
                     "katıldı.",),
)


#: How far (in lines) a consent button may stand from its banner text.
CONSENT_BUTTON_REACH = 4


def _consent_buttons(doc: Document) -> Iterator[Line]:
    """Button labels of a consent banner ("Accept all", "Einstellungen") next to its text.

    Alone, "Settings" or "Akzeptieren" could be anything; beside a removed consent sentence
    they are the banner's buttons.
    """
    buttons = vocab.labels("cookie_buttons")
    banners = [i for i, line in enumerate(doc.lines) if line.category == "cookie"]
    if not banners:
        return
    for i, line in enumerate(doc.lines):
        if (line.kept and len(line.text) <= 60 and label_key(line.text) in buttons
                and any(abs(i - j) <= CONSENT_BUTTON_REACH for j in banners)):
            yield line


COOKIE_BUTTONS = BlockRule(
    "cookie.button", "cookie", _consent_buttons,
    examples=("Council approves harbour plan\n\nThe council approved the harbour plan on "
              "Tuesday after a long debate in the town hall.\n\nWe use cookies to improve "
              "your experience on our site.\n\nAccept all\n\nSettings",),
    counterexamples=("Council approves harbour plan\n\nThe council approved the harbour plan "
                     "on Tuesday after a long debate in the town hall.\n\nSettings\n\nThe "
                     "vote was 31 to 9.",),
)


def _duplicate_title(doc: Document) -> Iterator[Line]:
    """Lines that repeat the title."""
    title = doc.metadata.get("title")
    if not title:
        return
    key = label_key(title)
    # label_key drops at most a trailing count and edge underscores, so a line with far more
    # or fewer words cannot be the title: skip the costly key for those.
    size = len(WORD.findall(key))
    for line in doc.lines:
        if line.kept and ("_" in line.text or size <= len(words_of(line.text)) <= size + 1) \
                and label_key(line.text) == key:
            yield line


DUPLICATE_TITLE = BlockRule(
    "duplicate-title.repeat", "duplicate-title", _duplicate_title,
    examples=("Syria and the US reaffirm cooperation\n\nSyria and the US reaffirm cooperation\n\n"
              "Syria and the United States said on Sunday that a deadly attack was meant to "
              "undermine their improving relations.",),
    counterexamples=("Syria and the US reaffirm cooperation\n\nSyria and the United States said "
                     "on Sunday that a deadly attack was meant to undermine their relations.",),
)

#: A caption above its own credit line is at most this many words.
MAX_CAPTION_WORDS = 30
#: Scripts whose sentences end without a full stop.
_NO_FULL_STOP = re.compile("[\u0e00-\u0eff\u1780-\u17ff]")


def _caption_over_credit(doc: Document) -> Iterator[Line]:
    """A caption on the line above its credit ("Malmö's captain celebrates." / "Foto: TT")."""
    from cleaners.rules.lines import is_credit_line

    for i in range(1, len(doc.lines)):
        line, above = doc.lines[i], doc.lines[i - 1]
        # Only a line that is no sentence: a photo credit also stands under a paragraph when
        # the photo had no caption. A sign-off ("(ANSA)") above a copyright line stays, and
        # so does a line in a script written without full stops (Thai, Lao, Khmer).
        if (line.removed_by == "caption.credit" and above.kept and is_credit_line(line.text)
                and 3 <= word_count(above.text) <= MAX_CAPTION_WORDS
                and not ends_sentence(above.text) and not above.text.rstrip().endswith(":")
                and not _SIGNOFF.match(above.text) and not _NO_FULL_STOP.search(above.text)):
            yield above


CAPTION_OVER_CREDIT = BlockRule(
    "caption.over_credit", "caption", _caption_over_credit,
    examples=("Council approves the new harbour plan on Tuesday\n\nThe council approved the "
              "harbour plan after a long debate in the town hall.\n\nThe mayor at the harbour "
              "on Monday morning\n\nPhoto: Reuters\n\nWork is to start next spring, the mayor "
              "said.",),
    counterexamples=("Council approves the new harbour plan on Tuesday\n\nThe council approved "
                     "the harbour plan after a long debate in the town hall, with a large "
                     "majority of the members voting in favour of it after four hours of "
                     "speeches by every party.\n\nPhoto: Reuters\n\nWork is to start next "
                     "spring, the mayor said.",
                     "Council approves the new harbour plan on Tuesday\n\nThe council approved "
                     "the harbour plan after a long debate.\n\nExperts said the city should "
                     "also publish a map of the risks.\n\nPhoto: Reuters\n\nWork is to start "
                     "next spring, the mayor said.",),
)


def _footer_menu(doc: Document) -> Iterator[Line]:
    """Footer menus after the article ("Contact | Advertise | Subscribe | Privacy"); a table
    row inside the article stays, so only the lines after the last paragraph count."""
    kept = kept_lines(doc)
    for i in range(len(kept) - 1, -1, -1):
        text = kept[i].text
        if is_body(text):
            return
        if "|" in text and is_menu_line(text) and not (
                i + 1 < len(kept) and kept[i + 1].text.count("|") == text.count("|")):
            yield kept[i]  # (a table's header row stands over rows of as many cells)


NAV_FOOTER_MENU = BlockRule(
    "nav.footer_menu", "nav", _footer_menu,
    examples=("Council approves the new harbour plan on Tuesday\n\nThe council approved the "
              "harbour plan after a long debate in the town hall.\n\nContact | Advertise | "
              "Subscribe | Privacy policy",),
    counterexamples=("Council approves the new harbour plan on Tuesday\n\nName | Party | "
                     "Role\n\nThe council approved the harbour plan after a long debate in the "
                     "town hall.",
                     "Bayern extend their lead at the top\n\nBayern beat Dortmund 3-1 on "
                     "Saturday to move five points clear, the league said.\n\nTeam | Played | "
                     "Points\n\nBayern | 20 | 50\n\nLeverkusen | 20 | 45",),
)


#: The article must start (a sentence) within this many kept lines under the headline for
#: what is above the headline to count as the page's header.
HEADER_PROOF_LINES = 6
#: A header holds fewer sentences than this (a consent banner, a teaser).
MAX_HEADER_SENTENCES = 3
#: A line above the headline this long is no menu item or label ...
MAX_HEADER_WORDS = 30
#: ... and this long no consent banner.
MAX_PHRASE_LINE_WORDS = 120


def _above_title(doc: Document, max_words: int = MAX_HEADER_WORDS) -> list[Line]:
    """The kept lines above the headline (the line taken as the title, or its first repeat),
    when the article starts under it: a dump's header (menus, section labels, widget lines,
    site names, consent banners). Without a sentence under the headline (a text in a script
    without full stops, a headline found in the wrong place) nothing counts as header.
    """
    for i, line in enumerate(doc.lines):
        if line.removed_by in ("meta.title", "duplicate-title.repeat"):
            below = [b.text for b in doc.lines[i + 1:] if b.kept][:HEADER_PROOF_LINES]
            if not any(is_body(text) and ends_sentence(text) for text in below):
                return []
            above = [line for line in doc.lines[:i] if line.kept]
            sentences = sum(is_body(a.text) and ends_sentence(a.text) for a in above)
            if sentences >= MAX_HEADER_SENTENCES:
                return []  # paragraphs above the "headline": it is a subheading, not the title
            return [a for a in above if word_count(a.text) <= max_words]
    return []


def _header_labels(doc: Document) -> Iterator[Line]:
    """Menu items, section labels and widget lines above the headline (no sentence there is
    ever part of the article in a dump; the article starts under its headline)."""
    for line in _above_title(doc):
        if not is_body(line.text):
            yield line


NAV_ABOVE_TITLE = BlockRule(
    "nav.above_title", "nav", _header_labels,
    examples=("Home\n\nPolitics\n\nBusiness\n\nCouncil approves the new harbour plan on "
              "Tuesday\n\nThe council approved the harbour plan on Tuesday after a long debate "
              "in the town hall.\n\nWork is to start next spring, the mayor said afterwards.",),
    counterexamples=("Council approves the new harbour plan on Tuesday\n\nThe council approved "
                     "the harbour plan on Tuesday after a long debate in the town hall.\n\n"
                     "Politics\n\nWork is to start next spring, the mayor said afterwards.",),
)


def _header_banner(doc: Document) -> Iterator[Line]:
    """A consent banner above the headline, in a language without consent vocabulary."""
    cookie = vocab.substrings("cookie_words")
    for line in _above_title(doc, max_words=MAX_PHRASE_LINE_WORDS):
        if cookie.search(casefold_nfkc(line.text)):
            yield line


COOKIE_ABOVE_TITLE = BlockRule(
    "cookie.above_title", "cookie", _header_banner,
    examples=("Tato stránka používá cookies, abychom vám mohli nabídnout ty nejlepší služby.\n\n"
              "Radnice schválila rozpočet na příští rok\n\nZastupitelé ve čtvrtek po dlouhé "
              "debatě schválili rozpočet města.\n\nNejvíc peněz půjde do dopravy, řekl "
              "primátor.",),
    counterexamples=("Úřad pokutoval weby za cookies\n\nTato stránka používá cookies, tvrdí "
                     "banner, který úřad považuje za klamavý.\n\nWeby musí nabídnout tlačítko "
                     "pro odmítnutí, řekl mluvčí úřadu.",),
)

#: Order matters: headings claim their lists first, foreign teasers go before the tail is read.
#: The header rules come last: what is above the headline goes, and the rules that know what
#: a line is name it first.
BLOCK_RULES: tuple[BlockRule, ...] = (
    DUPLICATE_TITLE, COOKIE_BUTTONS, PRAYER_LISTED, PRAYER_HEADING, PRAYER_CONTEXT,
    CAPTION_OVER_CREDIT,
    RELATED_AFTER_HEADING,
    RELATED_OFF_LANGUAGE, RELATED_TAIL, BYLINE_SITENAME, BYLINE_DESK, BYLINE_NAME,
    COMMENTS_FORM, WIDGET_FOLLOW, NAV_FOOTER_MENU, COOKIE_ABOVE_TITLE,
    NAV_ABOVE_TITLE,
)
