"""The independent checkers are installed and catch what they exist to catch."""

import pytest

from tests.checkers import pa11y_errors, vnu_errors

VALID = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title></head>'
    "<body><main><h1>Essai</h1><p>Texte.</p></main></body></html>"
)


def test_vnu_reports_bad_time_and_accepts_a_valid_document():
    bad = VALID.replace("<p>Texte.</p>", '<time datetime="2025-01-01T10:00:00.123456">x</time>')
    errors = vnu_errors({"valid": VALID, "bad": bad})
    assert errors["valid"] == []
    assert any("fraction of a second" in error for error in errors["bad"])


@pytest.mark.browser
def test_pa11y_reports_an_image_without_alt(tmp_path):
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(VALID, encoding="utf-8")
    bad.write_text(VALID.replace("<p>Texte.</p>", '<img src="x.png">'), encoding="utf-8")
    errors = pa11y_errors([good.as_uri(), bad.as_uri()])
    assert errors[good.as_uri()] == []
    assert any("htmlcs" in e and "H37" in e for e in errors[bad.as_uri()])
    assert any(e.startswith("axe image-alt") for e in errors[bad.as_uri()])
