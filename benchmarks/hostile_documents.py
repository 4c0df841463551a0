"""Hostile and large documents of the library: what ``inspect`` does, its time and memory.

    .venv/bin/python benchmarks/hostile_documents.py [WORD…]

Builds the files of ``tests/library/document_samples.py`` (a PDF with text, one encrypted, a
scanned page, HTML starting with ``%PDF-``, a page tree that loops, a page count of billions,
content streams inflating to 1 and 4 GB, an ODT and a DOCX, a ZIP bomb disguised as a DOCX,
XML entities) and larger ones (a PDF of 3,000 pages, a DOCX of 100,000 paragraphs, a PDF whose
page tree lists one page 500,000 times, 100,000 ZIP members), and runs ``inspect`` on each in
a fresh process, so that each line's figures are its own:

- **wall**: the wall-clock time of ``inspect`` (the child's limit is 20 s);
- **CPU**: the CPU time of the web process (``inspect`` itself) and of its child;
- **memory**: the peak resident memory of the child (its limit is 512 MB of address space)
  and what ``inspect`` allocated in the web process (tracemalloc, a second run);
- **ratio**: the wall time against the first case, an ordinary one-page PDF, in the same run.

Words given after the command pick the cases whose name holds one of them.
"""

import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv.settings")


def many_pages(count: int) -> bytes:
    from tests.library import document_samples as samples

    return samples.text_pdf(*(f"Page {n} : rénovation urbaine du quartier" for n in range(count)))


def one_page_listed(times: int) -> bytes:
    """A page tree whose /Kids names the same page ``times`` times (and counts them)."""
    from tests.library import document_samples as samples

    kids = b"3 0 R " * times
    return samples.pdf(
        [
            samples.CATALOG,
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, times),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            samples.stream(b"BT /F1 14 Tf 72 760 Td (Encore) Tj ET"),
            samples.FONT,
        ]
    )


def big_docx(paragraphs: int) -> bytes:
    from tests.library import document_samples as samples

    body = "".join(
        f"<w:p><w:r><w:t>Paragraphe {n} sur la politique de la ville</w:t></w:r></w:p>"
        for n in range(paragraphs)
    )
    return samples.docx(body)


def elements_docx(count: int) -> bytes:
    from tests.library import document_samples as samples

    return samples.docx("<w:p><w:r><w:t>Début</w:t></w:r></w:p>" + "<w:bookmarkEnd/>" * count)


def many_members(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(count):
            archive.writestr(f"m{n}", b"")
    return buffer.getvalue()


def cases():
    from tests.library import document_samples as samples

    return {
        "PDF, 1 page of text (baseline)": samples.text_pdf,
        "PDF, 3,000 pages of text": lambda: many_pages(3000),
        "PDF, encrypted, empty user password": lambda: samples.encrypted_pdf(""),
        "PDF, encrypted, password needed": lambda: samples.encrypted_pdf("secret"),
        "PDF, scanned page (image only)": samples.image_pdf,
        "HTML starting with %PDF-": lambda: samples.HTML_PDF,
        "PDF, page tree that loops": samples.looping_pdf,
        "PDF, /Count 4000000000": samples.billions_of_pages_pdf,
        "PDF, one page listed 500,000 times": lambda: one_page_listed(500_000),
        "PDF, stream inflating to 1 GB": lambda: samples.bomb_pdf(1024),
        "PDF, stream inflating to 4 GB": lambda: samples.bomb_pdf(4096),
        "ODT, tables, header, footer": samples.odt,
        "ODT, billion laughs in content.xml": lambda: samples.odt(
            prolog=samples.BILLION_LAUGHS, body="<text:p>&lol9;</text:p>"
        ),
        "ODT, spans nested 60,000 deep": lambda: samples.odt(
            body="<text:p>" + "<text:span>" * 60_000 + "x" + "</text:span>" * 60_000 + "</text:p>"
        ),
        "DOCX, tables, header, footer": samples.docx,
        "DOCX, 100,000 paragraphs": lambda: big_docx(100_000),
        "DOCX, 3,000,000 empty elements": lambda: elements_docx(3_000_000),
        "DOCX, zip bomb (1.1 GB declared)": lambda: samples.zip_with_bomb(
            samples.docx(), "word/document.xml", 1100
        ),
        "DOCX, 900 MB of zeros in document.xml": lambda: samples.zip_with_bomb(
            samples.docx(), "word/document.xml", 900
        ),
        "ZIP, 100,000 members": lambda: many_members(100_000),
    }


def measure(name: str) -> dict:
    """Run ``inspect`` on one case in this (fresh) process; return its figures."""
    import django

    django.setup()
    from django.core.files.base import ContentFile

    from library.documents import DocumentRefused, inspect

    content = cases()[name]()

    def run():
        try:
            info = inspect(ContentFile(content, name="document"))
        except DocumentRefused as refusal:
            return f"refused: {refusal.message[:60]}…"
        notes = f"; {'; '.join(info.notes)[:60]}" if info.notes else ""
        return f"{info.format}, {len(info.text):,} chars{notes}"

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    outcome = run()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    tracemalloc.start()
    run()
    allocated = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "size": len(content),
        "wall": wall,
        "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        # The second run's child adds to the children's CPU time: half is one run's.
        "child_cpu": (child.ru_utime + child.ru_stime) / 2,
        "child_rss": child.ru_maxrss / 1024,
        "allocated": allocated / 1024 / 1024,
        "outcome": outcome,
    }


def main():
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(sys.argv[2])))
        return
    only = sys.argv[1:]
    names = [name for name in cases() if not only or any(word in name for word in only)]
    print(
        f"{'file':<42} {'size':>8} {'wall':>7} {'ratio':>6} {'CPU':>6} {'child':>7} "
        f"{'child RSS':>9} {'alloc':>7}  outcome"
    )
    baseline = None
    for name in names:
        result = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        baseline = baseline or figures["wall"]
        print(
            f"{name:<42} {figures['size'] / 1024:>6.0f} K {figures['wall']:>5.2f} s "
            f"{figures['wall'] / baseline:>5.0f}× {figures['cpu']:>4.2f} s "
            f"{figures['child_cpu']:>5.2f} s {figures['child_rss']:>6.0f} MB "
            f"{figures['allocated']:>4.1f} MB  {figures['outcome']}"
        )


if __name__ == "__main__":
    main()
