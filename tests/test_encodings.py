"""Page bytes in legacy and Unicode encodings come out as the right text, with no mojibake.

The decode stage documents one order of precedence: a byte-order mark, then the HTTP
``Content-Type`` charset (``content_type=``), then the page's ``<meta charset>`` /
``http-equiv``, then detection. Each case below builds a small news page in one language,
encodes it, cleans the bytes and checks every article paragraph comes out whole and in the
right script.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from cleaners import CleanResult, clean_file, clean_html


@dataclass(frozen=True)
class Article:
    lang: str
    title: str
    paragraphs: tuple[str, ...]
    #: Unicode name prefixes every non-ASCII letter of the clean text must start with.
    scripts: tuple[str, ...]


AR = Article("ar", "افتتاح أكبر محطة لتحلية المياه في المنطقة", (
    "افتتحت الحكومة يوم الثلاثاء أكبر محطة لتحلية مياه البحر في المنطقة، بطاقة إنتاجية تبلغ "
    "نصف مليون متر مكعب يوميا، في خطوة تهدف إلى تأمين مياه الشرب لأكثر من مليوني نسمة.",
    "وقال وزير المياه في مؤتمر صحفي عقب الافتتاح إن المحطة تعمل بالطاقة الشمسية جزئيا، مما "
    "يخفض تكاليف التشغيل بنحو الثلث مقارنة بالمحطات التقليدية.",
    "وأضاف أن المشروع استغرق أربع سنوات من العمل المتواصل، وشارك فيه أكثر من ثلاثة آلاف عامل "
    "ومهندس من داخل البلاد وخارجها.",
    "ويرى خبراء أن المحطة الجديدة ستخفف الضغط على المياه الجوفية التي تراجعت مستوياتها بشكل "
    "كبير خلال العقدين الماضيين بسبب الجفاف والتوسع الزراعي.",
), ("ARABIC",))

RU = Article("ru", "В Петербурге открыли новую станцию метро", (
    "В Санкт-Петербурге в четверг открылась новая станция метро «Горный институт», "
    "строительство которой продолжалось почти восемь лет.",
    "По словам губернатора, новая станция позволит разгрузить наземный транспорт на "
    "Васильевском острове, где живут и работают более двухсот тысяч человек.",
    "Первые пассажиры смогли войти в вестибюль в шесть часов утра. Многие из них признались, "
    "что ждали этого дня с самого начала стройки.",
    "Городские власти обещают, что в ближайшие два года в городе появятся ещё четыре станции, "
    "а интервалы движения поездов сократятся до полутора минут.",
), ("CYRILLIC",))

ZH = Article("zh", "新建高速铁路今天正式开通运营", (
    "记者从国家铁路集团获悉，连接两座省会城市的新建高速铁路于今天上午正式开通运营，"
    "全程运行时间由原来的五个小时缩短至两个小时。",
    "这条铁路全长约四百公里，设计时速三百五十公里，沿线共设十二座车站，途经多个山区和河谷地带。",
    "铁路部门表示，开通初期每天将安排六十对列车，并根据客流情况适时增加班次，方便沿线群众出行。",
    "专家认为，高速铁路的开通将进一步促进区域经济协调发展，带动沿线旅游业和农产品销售。",
), ("CJK UNIFIED",))

#: The same story with a paragraph holding 镕, a GBK character that GB2312 lacks (pages labelled
#: GB2312 are routinely written in GBK; decoders must read the label as its superset).
ZH_GBK = Article("zh", ZH.title, (
    *ZH.paragraphs,
    "当天上午，总工程师王镕在首发列车上向记者介绍了线路的建设情况和沿线的桥梁隧道工程。",
), ZH.scripts)

EL = Article("el", "Νέο πρόγραμμα στήριξης για τους μικρούς αγρότες", (
    "Το υπουργείο Αγροτικής Ανάπτυξης ανακοίνωσε την Τρίτη νέο πρόγραμμα στήριξης ύψους "
    "διακοσίων εκατομμυρίων ευρώ για τους μικρούς αγρότες της χώρας.",
    "Σύμφωνα με την ανακοίνωση, οι ενισχύσεις θα καταβληθούν σε δύο δόσεις, η πρώτη μέσα στον "
    "Μάιο και η δεύτερη έως το τέλος του καλοκαιριού.",
    "Ο υπουργός δήλωσε ότι το πρόγραμμα αφορά κυρίως τις περιοχές της Θεσσαλίας και της Άρτας "
    "που επλήγησαν από τις πλημμύρες του περασμένου φθινοπώρου.",
    "Οι αγροτικοί σύλλογοι χαιρέτισαν την απόφαση, ζητούν όμως να απλοποιηθούν οι διαδικασίες "
    "ώστε τα χρήματα να φτάσουν γρήγορα στους δικαιούχους.",
), ("GREEK",))

JA = Article("ja", "東京で桜が開花、平年より五日早く", (
    "気象庁は二十日、東京都心で桜が開花したと発表しました。平年より五日早く、去年と比べても"
    "三日早い開花となりました。",
    "靖国神社にある標本木を気象庁の職員が確認したところ、五つ以上の花が咲いていたということです。",
    "気象庁によりますと、今月に入ってから気温の高い日が続いたことが、早い開花につながったと"
    "みられます。",
    "都内の公園では、週末にかけて多くの花見客が訪れると予想されており、管理事務所は混雑への"
    "注意を呼びかけています。",
), ("CJK UNIFIED", "HIRAGANA", "KATAKANA"))

ARTICLES = {"ar": AR, "ru": RU, "zh": ZH, "el": EL, "ja": JA}
#: The legacy encoding each language's pages were commonly served in (Python codec names).
LEGACY = {"ar": "cp1256", "ru": "cp1251", "zh": "gb2312", "el": "iso8859-7", "ja": "shift_jis"}


def meta_charset(label: str) -> str:
    return f'<meta charset="{label}">'


def http_equiv(label: str) -> str:
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'


def page(article: Article, declaration: str = "") -> str:
    """A small news page: site header, the article, a footer; ``declaration`` goes in <head>."""
    direction = ' dir="rtl"' if article.lang == "ar" else ""
    body = "\n".join(f"<p>{p}</p>" for p in article.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{article.lang}"{direction}>
<head>
{declaration}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{article.title}</title>
</head>
<body>
<header class="site-header"><a href="/">Daily Wire Service</a></header>
<main>
<article>
<h1>{article.title}</h1>
{body}
</article>
</main>
<footer><p>Copyright 2024 Daily Wire Service</p></footer>
</body>
</html>
"""


def assert_article(result: CleanResult, article: Article) -> None:
    """Every paragraph is a whole paragraph of the output, and nothing in it is mojibake."""
    assert result.error is None, f"cleaning failed: {result.error}"
    blocks = result.text.split("\n\n")
    for paragraph in article.paragraphs:
        assert paragraph in blocks, (
            f"paragraph missing or garbled (wrong decoding?): {paragraph[:40]!r}\n"
            f"got: {result.text[:300]!r}")
    assert result.title == article.title, f"title decoded wrongly: {result.title!r}"
    text = result.title + "\n" + result.text
    assert "\ufffd" not in text, "replacement characters: some bytes were not decoded"
    foreign = sorted({ch for ch in text if ch.isalpha() and not ch.isascii()
                      and not unicodedata.name(ch, "").startswith(article.scripts)})
    assert not foreign, f"letters outside {article.scripts} (mojibake): {foreign[:10]}"
    assert result.language == article.lang, "the decoded text is read as the wrong language"


# ----------------------------------------------------------------- declared in the page

DECLARED = [
    pytest.param(AR, "cp1256", meta_charset("windows-1256"), id="ar-windows-1256-meta-charset"),
    pytest.param(AR, "cp1256", http_equiv("windows-1256"), id="ar-windows-1256-http-equiv"),
    pytest.param(RU, "cp1251", http_equiv("windows-1251"), id="ru-windows-1251-http-equiv"),
    pytest.param(RU, "cp1251", "<meta charset=windows-1251>", id="ru-windows-1251-unquoted"),
    pytest.param(ZH, "gb2312", meta_charset("gb2312"), id="zh-gb2312-meta-charset"),
    pytest.param(ZH_GBK, "gbk", meta_charset("GBK"), id="zh-gbk-meta-charset"),
    pytest.param(ZH_GBK, "gbk", http_equiv("GB2312"), id="zh-gbk-text-labelled-gb2312"),
    pytest.param(EL, "iso8859-7", http_equiv("ISO-8859-7"), id="el-iso-8859-7-http-equiv"),
    pytest.param(EL, "iso8859-7", meta_charset("iso-8859-7"), id="el-iso-8859-7-meta-charset"),
    pytest.param(JA, "shift_jis", meta_charset("Shift_JIS"), id="ja-shift_jis-meta-charset"),
    pytest.param(JA, "shift_jis", http_equiv("Shift_JIS"), id="ja-shift_jis-http-equiv"),
]


@pytest.mark.parametrize(("article", "codec", "declaration"), DECLARED)
def test_declared_encoding_is_used(article: Article, codec: str, declaration: str) -> None:
    raw = page(article, declaration).encode(codec)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # precondition: the bytes are not UTF-8, so decoding matters
    result = clean_html(raw)
    assert_article(result, article)
    assert result.extra.get("encoding"), "a non-UTF-8 page reports the encoding it was read in"


@pytest.mark.parametrize("lang", sorted(LEGACY))
def test_undeclared_encoding_is_detected(lang: str) -> None:
    article = ARTICLES[lang]
    raw = page(article).encode(LEGACY[lang])
    assert b"charset" not in raw.lower()
    assert_article(clean_html(raw), article)


def test_mostly_utf8_page_with_a_stray_byte_keeps_the_rest() -> None:
    # A Windows-1252 quote pasted into a UTF-8 page: one bad spot, not a reason to read the
    # whole page in a single-byte code page.
    html = page(RU).encode("utf-8").replace("четверг".encode(), b"\x93" + "четверг".encode())
    result = clean_html(html)
    blocks = result.text.split("\n\n")
    for paragraph in RU.paragraphs[1:]:
        assert paragraph in blocks, f"an intact paragraph was garbled: {paragraph[:40]!r}"
    assert "четверг" in result.text
    assert result.title == RU.title


# ----------------------------------------------------------------- byte-order marks

BOMS = [
    pytest.param(b"\xef\xbb\xbf", "utf-8", id="utf-8-bom"),
    pytest.param(b"\xff\xfe", "utf-16-le", id="utf-16-le-bom"),
    pytest.param(b"\xfe\xff", "utf-16-be", id="utf-16-be-bom"),
]


@pytest.mark.parametrize(("bom", "codec"), BOMS)
@pytest.mark.parametrize("lang", ["ar", "ja"])
def test_bom_page_decodes(bom: bytes, codec: str, lang: str) -> None:
    article = ARTICLES[lang]
    raw = bom + page(article, meta_charset("utf-8" if codec == "utf-8" else "utf-16")
                     ).encode(codec)
    assert_article(clean_html(raw), article)


@pytest.mark.parametrize(("bom", "codec"), BOMS)
def test_bom_beats_http_header_and_meta(bom: bytes, codec: str) -> None:
    # Header and meta both claim Windows-1251: reading the bytes that way would give mojibake
    # (or, for UTF-16, a page of NULs). The byte-order mark must win over both.
    raw = bom + page(RU, meta_charset("windows-1251")).encode(codec)
    result = clean_html(raw, content_type="text/html; charset=windows-1251")
    assert_article(result, RU)


# ----------------------------------------------------------------- HTTP header

HEADER_BEATS_META = [
    pytest.param(RU, "cp1251", meta_charset("iso-8859-1"), "text/html; charset=windows-1251",
                 id="ru-header-cp1251-meta-latin1"),
    pytest.param(RU, "cp1251", meta_charset("iso-8859-1"), 'text/html; charset="windows-1251"',
                 id="ru-header-quoted-charset"),
    pytest.param(EL, "iso8859-7", http_equiv("windows-1252"), "text/html;charset=ISO-8859-7",
                 id="el-header-8859-7-http-equiv-cp1252"),
    pytest.param(AR, "cp1256", meta_charset("utf-8"), "text/html; charset=windows-1256",
                 id="ar-header-cp1256-meta-utf8"),
    pytest.param(ZH, "utf-8", meta_charset("gb2312"), "text/html; charset=UTF-8",
                 id="zh-header-utf8-meta-gb2312"),
    pytest.param(JA, "shift_jis", meta_charset("euc-jp"), "text/html; charset=Shift_JIS",
                 id="ja-header-sjis-meta-eucjp"),
]


@pytest.mark.parametrize(("article", "codec", "declaration", "content_type"), HEADER_BEATS_META)
def test_http_header_beats_wrong_meta(article: Article, codec: str, declaration: str,
                                      content_type: str) -> None:
    raw = page(article, declaration).encode(codec)
    assert_article(clean_html(raw, content_type=content_type), article)


@pytest.mark.parametrize("content_type", ["text/html", "text/html; charset=x-no-such-charset"],
                         ids=["no-charset", "unknown-charset"])
def test_header_without_usable_charset_falls_back_to_meta(content_type: str) -> None:
    raw = page(AR, meta_charset("windows-1256")).encode("cp1256")
    assert_article(clean_html(raw, content_type=content_type), AR)


def test_content_type_is_ignored_for_text_input() -> None:
    # A str is already decoded: a charset in the header must not be applied to it again.
    result = clean_html(page(RU, meta_charset("windows-1251")),
                        content_type="text/html; charset=iso-8859-1")
    assert_article(result, RU)


# ----------------------------------------------------------------- meta beats detection

def test_meta_beats_detection() -> None:
    # ISO-2022-JP is 7-bit: its bytes are valid UTF-8, so detection alone reads them as UTF-8
    # escape sequences. Only the page's declaration gets the Japanese back.
    undeclared = page(JA).encode("iso2022_jp")
    assert JA.paragraphs[0] not in clean_html(undeclared).text, (
        "precondition: detection alone does not find ISO-2022-JP")
    declared = page(JA, meta_charset("iso-2022-jp")).encode("iso2022_jp")
    assert_article(clean_html(declared), JA)


def test_xml_declaration_encoding_is_honoured() -> None:
    xhtml = ('<?xml version="1.0" encoding="windows-1251"?>\n'
             + page(RU).replace("<!DOCTYPE html>",
                                '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                                '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">')
             .replace("<html ", '<html xmlns="http://www.w3.org/1999/xhtml" '))
    assert_article(clean_html(xhtml.encode("cp1251")), RU)


# ----------------------------------------------------------------- text dumps (no markup)

def dump(article: Article) -> str:
    return article.title + "\n\n" + "\n\n".join(article.paragraphs) + "\n"


@pytest.mark.parametrize("lang", sorted(LEGACY))
def test_text_dump_in_legacy_encoding_is_detected(tmp_path: Path, lang: str) -> None:
    article = ARTICLES[lang]
    path = tmp_path / f"{lang}.txt"
    path.write_bytes(dump(article).encode(LEGACY[lang]))
    assert_article(clean_file(str(path)), article)



@pytest.mark.parametrize("codec", ["iso8859-7", "cp1253"])
def test_text_dump_in_sibling_greek_code_pages(tmp_path: Path, codec: str) -> None:
    # Both code pages tie in detection and swap 'Ά' with a symbol ('¶' at 0xB6 in cp1253, '’'
    # at 0xA2 in ISO-8859-7): each must win for its own bytes, quotes included.
    article = Article(EL.lang, EL.title, (*EL.paragraphs[:2], EL.paragraphs[2].replace(
        "της Άρτας", "της «Άρτας»"), EL.paragraphs[3]), EL.scripts)
    path = tmp_path / "el.txt"
    path.write_bytes(dump(article).encode(codec))
    result = clean_file(str(path))
    assert_article(result, article)
    assert codecs.lookup(result.extra["encoding"]).name == codecs.lookup(codec).name


@pytest.mark.parametrize(("bom", "codec"), BOMS)
def test_text_dump_with_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    path = tmp_path / "ar.txt"
    path.write_bytes(bom + dump(AR).encode(codec))
    assert_article(clean_file(str(path)), AR)
