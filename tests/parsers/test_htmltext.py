"""HTML → text (parsers/htmltext.py): cells and lines apart, nothing hidden, nothing fetched."""

from __future__ import annotations

import time

from bs4 import BeautifulSoup

from parsers.htmltext import html_to_text, sniff_charset

AMAZON_LIKE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>Amazon.co.jp</title>
<style type="text/css">body{margin:0} td a{color:#007185} @media (max-width:600px){.w{width:100%!important}}</style>
<!--[if mso]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]-->
<script>document.write("never")</script></head>
<body><div style="display:none">ご注文ありがとうございます&#8203;&nbsp;</div>
<table role="presentation" width="600" cellpadding="0"><tr><td><img src="https://m.media-amazon.com/logo.png" alt="Amazon.co.jp"></td></tr>
<tr><td style="font-size:22px"><b>注文済み</b></td></tr>
<tr><td><table width="100%"><tr><td>注文番号</td><td><a href="https://www.amazon.co.jp/gp/css/order-details?orderID=250-1111111-1111111">250-1111111-1111111</a></td></tr>
<tr><TD>お届け予定</TD><TD>11月5日&nbsp;木曜日</TD></tr></table></td></tr>
<tr><td><table><tr><td width="90"><img src="x.jpg"></td><td>ステンレス マグ&amp;フタ<br><span>数量: 1</span><br>￥1,080</td></tr></table></td></tr>
<tr><th>合計</th><th align="right">1,080 JPY</th></tr>
</table><p>このメールは配信専用です。</p><P>Amazon.co.jp カスタマーサービス</P></body></html>"""


def test_cells_rows_and_breaks_are_kept_apart() -> None:
    lines = html_to_text(AMAZON_LIKE).split("\n")
    assert "注文番号\t250-1111111-1111111" in lines
    assert "お届け予定\t11月5日\xa0木曜日" in lines
    assert "合計\t1,080 JPY" in lines
    assert lines[-2:] == ["このメールは配信専用です。", "Amazon.co.jp カスタマーサービス"]
    i = lines.index("ステンレス マグ&フタ")
    assert lines[i + 1:i + 3] == ["数量: 1", "￥1,080"]


def test_no_script_style_title_or_comments() -> None:
    text = html_to_text(AMAZON_LIKE)
    for hidden in ("document.write", "margin:0", "OfficeDocumentSettings", "never", "<", ">"):
        assert hidden not in text
    assert not text.startswith("Amazon.co.jp")  # <title> and img alt are not text


def test_same_words_as_beautifulsoup() -> None:
    """The fast converter keeps exactly the words a DOM walk finds, in the same order."""
    soup = BeautifulSoup(AMAZON_LIKE, "html.parser")
    for hidden in soup(["script", "style", "title"]):
        hidden.decompose()
    assert html_to_text(AMAZON_LIKE).split() == soup.get_text(" ").split()


def test_entities_are_decoded_once() -> None:
    assert html_to_text("<p>&lt;b&gt; &amp;amp; &#x41;&#66; &copy; &yen;1,000 &#12354;</p>") == "<b> &amp; AB © ¥1,000 あ"


def test_inline_tags_do_not_split_words_and_whitespace_collapses() -> None:
    assert html_to_text("<span>Ama</span><b>zon</b>\n   <i>Pay</i>") == "Amazon Pay"
    assert html_to_text("a<br>b<br/>c<BR >d") == "a\nb\nc\nd"
    assert html_to_text("<div><div><p>x</p></div></div><div>y</div>") == "x\ny"


def test_nested_tables_and_empty_cells() -> None:
    html = "<table><tr><td></td><td>A</td><td>&nbsp;</td><td>B</td></tr></table>"
    assert html_to_text(html) == "A\t\xa0\tB"
    outer = "<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td><td>c</td></tr></table>"
    assert html_to_text(outer) == "a\tb\nc"


def test_pre_keeps_its_lines() -> None:
    assert html_to_text("<pre>注文番号: 1\n合計:   2</pre>").split("\n") == [
        "注文番号:\xa01", "合計:\xa0\xa0\xa02"]


def test_broken_markup_is_text_not_an_error() -> None:
    assert html_to_text("a < b and c > d") == "a < b and c > d"
    assert html_to_text("<p>open <style>p{}") == "open"  # an unclosed style runs to the end, as in browsers
    assert html_to_text("x<!-- never closed <p>y") == "x"
    assert html_to_text("") == ""


def test_hostile_markup_is_linear() -> None:
    cases = [
        "<div>" * 100_000 + "deep" + "</div>" * 100_000,
        "<a<a<a" * 150_000,
        '<td x="' * 150_000,
        "<!--" * 200_000,
        "<style>" + "<p>a" * 200_000,
        "<table><tr><td>" * 50_000,
    ]
    for html in cases:
        start = time.thread_time()
        assert isinstance(html_to_text(html), str)
        assert time.thread_time() - start < 1.0


def test_sniff_charset_from_meta() -> None:
    meta = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    assert sniff_charset(meta) == "shift_jis"
    assert sniff_charset(b"<meta charset='euc-jp'>") == "euc-jp"
    assert sniff_charset(b"<p>no declaration</p>") is None
