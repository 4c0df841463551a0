"""The independent checkers, run from the suite: the W3C Nu HTML Checker and pa11y.

Both are installed by the project's own files (`package.json`: npm `vnu-jar`, run with the
machine's Java; `pa11y`, driving Debian's Chromium through `tests/pa11y_run.cjs`). Where one is
missing the calling test is skipped with a message saying how to get it, except under
`CI=true`, where it fails.

Use:
    errors = vnu_errors({"accueil": html})            # {"accueil": ["ligne 3 : …", …]}
    errors = pa11y_errors([live_server.url + "/"])     # {url: ["WCAG2AA… : … (sélecteur)", …]}
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = ROOT / "node_modules" / "pa11y"
PA11Y_RUNNER = Path(__file__).with_name("pa11y_run.cjs")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _missing(what: str, how: str):
    message = f"{what} introuvable : {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (obligatoire quand CI=true)", pytrace=False)
    pytest.skip(message)


def vnu_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Check HTML documents with the Nu HTML Checker, in one Java process.

    `documents` maps a name (any string) to a whole HTML document. Returns, for every name,
    the checker's errors as "line N: message" strings (an empty list when the document is
    valid). Warnings and info messages are left out. Skips (or fails under CI) when Java or
    the jar is missing; raises `RuntimeError` if the checker itself cannot run.
    """
    java = shutil.which("java")
    if not java:
        _missing("Java", "installez « default-jre-headless » (apt-get, en root).")
    if not VNU_JAR.exists():
        _missing("vnu.jar", "lancez « npm install » à la racine du projet (ou « make test »).")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{index}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.name] = name
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]
            + [str(Path(folder) / file_name) for file_name in paths],
            capture_output=True,
            text=True,
            timeout=300,
        )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(f"Nu HTML Checker: {result.stderr[:2000]}") from error
    errors = {name: [] for name in documents}
    for message in messages:
        if message.get("type") != "error":
            continue
        # The checker names each file by a "file:" URL: keep its last segment.
        url = message.get("url", "?")
        name = paths.get(url.rsplit("/", 1)[-1], url)
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
        )
    return errors


def pa11y_errors(urls: list[str], headers: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Check pages with pa11y (HTML_CodeSniffer WCAG2AA and axe), one browser for all.

    `urls` are absolute addresses (the live server's); `headers` are sent with every request
    (for example `{"Cookie": "sessionid=…"}` for admin screens). Returns, for every address,
    its errors as "runner code: message (selector)" strings. Skips (or fails under CI) when
    Node.js, pa11y or Chromium is missing; raises `RuntimeError` if pa11y itself fails.
    """
    node = shutil.which("node")
    if not node:
        _missing("Node.js", "installez « nodejs » et « npm » (apt-get, en root).")
    if not PA11Y.exists():
        _missing("pa11y", "lancez « npm install » à la racine du projet (ou « make test »).")
    if not Path(CHROMIUM).exists():
        _missing("Chromium", "installez-le avec « apt-get install chromium » (en root).")
    result = subprocess.run(
        [node, str(PA11Y_RUNNER)],
        input=json.dumps({"urls": urls, "headers": headers or {}, "chromium": CHROMIUM}),
        capture_output=True,
        text=True,
        timeout=60 + 60 * len(urls),
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pa11y: {result.stderr[-2000:]}")
    return {
        url: [
            f"{issue['runner']} {issue['code']}: {issue['message']} ({issue['selector']})"
            for issue in issues
        ]
        for url, issues in json.loads(result.stdout).items()
    }
