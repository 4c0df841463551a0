"""From French text to search terms: the same terms for a document and for a query.

A term is a word folded (lower case, no accents, ligatures spelt out: ``crpv.text.fold``),
then stemmed by the Snowball French stemmer (``snowballstemmer``), in Python, so that SQLite
and PostgreSQL compare exactly the same strings. Words of one letter and French stop words
are left out. Every term is ASCII letters and digits only (``[a-z0-9]+``): a word holding
other characters (Greek, Arabic…) is written as ``u`` followed by its UTF-8 bytes in
hexadecimal. So a term never needs quoting in an FTS5 or ``tsquery`` expression, never
contains a ``LIKE`` wildcard, and both databases' tokenizers leave it whole.

Rules of the stemmer: https://snowballstem.org/algorithms/french/stemmer.html
"""

from __future__ import annotations

import functools
import re

import snowballstemmer

from crpv.text import fold

# Longest text read from a document (characters); what comes after is not searchable. A
# 300-page study holds about a million characters.
MAX_TEXT = 2_000_000
# Longest query read (characters) and most terms kept from it: a query of 10,000 words costs
# no more than one of twelve.
MAX_QUERY = 1_000
MAX_QUERY_TERMS = 12
# Longer "words" are not words (identifiers, base64, URLs glued together): left out.
MAX_WORD = 40

# Words: runs of letters and digits (``\w`` without the underscore).
WORD = re.compile(r"[^\W_]+")

# French function words, folded (https://snowballstem.org/algorithms/french/stop.txt, plus
# elided forms), left out of documents and queries alike.
STOP_WORDS = frozenset(
    """
    a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions
    aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons c ce
    ceci cela celle celles celui ces cet cette d dans de des du elle elles en es est et etaient
    etais etait etant ete etee etees etes etiez etions eu eue eues eurent eus eusse eussent
    eusses eussiez eussions eut eutes eux fumes furent fus fusse fussent fusses fussiez fussions
    fut futes il ils j je jusqu l la le les leur leurs lui m ma mais me meme mes moi mon n ne
    nos notre nous on ont ou par pas pour puis qu que quel quelle quelles quels qui s sa sans
    se sera serai seraient serais serait seras serez seriez serions serons seront ses si son
    sont soit sur t ta te tes toi ton tu un une vos votre vous y
    """.split()
)

_stemmer = snowballstemmer.stemmer("french")


@functools.lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """Return the term of one folded ``word`` (``[^\\W_]+``, lower case), ``""`` if it is left
    out (a stop word, one letter, too long)."""
    if word in STOP_WORDS or len(word) > MAX_WORD or (len(word) == 1 and not word.isdigit()):
        return ""
    stem = _stemmer.stemWord(word)
    if stem.isascii():
        return stem
    return "u" + stem.encode().hex()


def terms(text: str) -> list[str]:
    """Return the terms of ``text`` (its first ``MAX_TEXT`` characters) in the order of its
    words, repeats included."""
    found = (term(word) for word in WORD.findall(fold(text[:MAX_TEXT])))
    return [t for t in found if t]


def term_set(text: str) -> set[str]:
    """Return the distinct terms of ``text`` (its first ``MAX_TEXT`` characters): what a
    document is indexed by. Each distinct word is stemmed once."""
    return {term(word) for word in set(WORD.findall(fold(text[:MAX_TEXT])))} - {""}


def query_terms(query: str) -> list[str]:
    """Return the distinct terms of a visitor's ``query``, in order, at most
    ``MAX_QUERY_TERMS``; ``[]`` when nothing searchable is left (stop words only, symbols).

    Never raises: quotes, operators (``NEAR``, ``*``, ``AND``, parentheses), control
    characters are not words and are dropped; ``AND``/``OR`` are ordinary words.
    """
    return list(dict.fromkeys(terms(str(query)[:MAX_QUERY])))[:MAX_QUERY_TERMS]


def word_spans(text: str):
    """Yield ``(start, end, term)`` for each word of ``text`` as written (accents, case), with
    its term (``""`` for a stop word): what snippets mark."""
    for match in WORD.finditer(text):
        folded = fold(match.group())
        # A word whose folding splits it (rare: a ligature) counts by its first part.
        parts = WORD.findall(folded)
        yield match.start(), match.end(), term(parts[0]) if parts else ""
