import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pages.sanitize import clean_html

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">clic</a>',
    '<a href="JaVaScRiPt:alert(1)">clic</a>',
    '<a href="java&#x09;script:alert(1)">clic</a>',
    '<a href="&#106;avascript:alert(1)">clic</a>',
    '<a href=" javascript:alert(1)">clic</a>',
    '<a href="vbscript:msgbox(1)">clic</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">clic</a>',
    '<p onclick="alert(1)" onmouseover="alert(1)">texte</p>',
    '<p style="background:url(javascript:alert(1))">texte</p>',
    "<style>body { display: none }</style>",
    '<form action="https://evil.example"><input name="q"><button>Envoyer</button></form>',
    '<a href="https://example.org" target="_blank" onfocus="alert(1)" autofocus>lien</a>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<!--<script>alert(1)</script>-->",
    '<p>texte<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript></p>',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
]

DANGEROUS = re.compile(
    r"<\s*(script|style|iframe|object|embed|img|svg|math|form|input|base|meta|link|video)"
    r"|\son\w+\s*=|javascript:|vbscript:|data:|style=|target=",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_lose_everything_dangerous(payload):
    cleaned = clean_html(payload)
    assert not DANGEROUS.search(cleaned), cleaned


def test_script_and_style_contents_are_removed_not_shown_as_text():
    cleaned = clean_html("<p>Avant</p><script>alert('x')</script><style>p{}</style><p>Après</p>")
    assert cleaned == "<p>Avant</p><p>Après</p>"


def test_editor_formatting_is_kept():
    html = (
        "<h2>Titre</h2><h3>Sous-titre</h3><p><strong>gras</strong> et <em>italique</em><br>"
        "ligne</p><ul><li>un</li></ul><ol><li>deux</li></ol><blockquote><p>citation</p>"
        '</blockquote><p><a href="/le-reseau/" title="Le réseau">lien</a></p>'
    )
    assert clean_html(html) == html


def test_external_links_get_safe_rel_and_lose_target():
    cleaned = clean_html('<a href="https://example.org" target="_blank" rel="opener">x</a>')
    assert cleaned == '<a href="https://example.org" rel="noopener noreferrer">x</a>'


def test_protocol_relative_links_count_as_external():
    assert 'rel="noopener noreferrer"' in clean_html('<a href="//example.org/">x</a>')


def test_internal_mail_and_phone_links_get_no_rel():
    cleaned = clean_html(
        '<a href="/centres/" rel="nofollow">a</a><a href="mailto:a@example.org">b</a>'
        '<a href="tel:+33478770143">c</a>'
    )
    assert "rel=" not in cleaned
    assert 'href="mailto:a@example.org"' in cleaned and 'href="tel:+33478770143"' in cleaned


def test_text_is_escaped_and_french_spacing_applied():
    cleaned = clean_html("<p>a &lt;b&gt; &amp; c : l'ANCT « ok » ?</p>")
    assert cleaned == "<p>a &lt;b&gt; &amp; c\u00a0: l’ANCT «\u00a0ok\u00a0»\u00a0?</p>"


def test_attribute_values_stay_quoted():
    cleaned = clean_html('<a href="/x?a=1&amp;b=2" title="&quot;dit&quot;">x</a>')
    assert cleaned == '<a href="/x?a=1&amp;b=2" title="&quot;dit&quot;">x</a>'


@pytest.mark.parametrize("empty", ["", None, "<p></p>", "<p><br></p>", "  <p> </p> "])
def test_empty_editor_content_becomes_empty_string(empty):
    assert clean_html(empty) == ""


def test_page_title_level_headings_are_not_allowed_in_the_body():
    assert clean_html("<h1>Titre</h1>") == "Titre"


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' &;:apshrefjvcitmlnoe")), max_size=120))
def test_cleaning_is_stable_and_safe_for_any_input(text):
    cleaned = clean_html(text)
    assert clean_html(cleaned) == cleaned
    assert "<script" not in cleaned.lower() and "javascript:" not in cleaned.lower()
