"""One full-text index for the whole portal, the same on SQLite and PostgreSQL.

A model takes part by being registered in its app's ``AppConfig.ready``
(``register(Model, "resource")``) and by defining ``search_document(self) -> Document``.
Saves and deletes (and changes of the many-to-many fields named at registration) keep the
index up to date, inside the same transaction; bulk writes, which send no signal, call
``update_many``. ``manage.py reindex`` rebuilds the index from the objects.

How text becomes terms (folding, French stemming, stop words) is ``search.text``; how the
databases match and rank them is in ``docs/architecture.md``, « Full-text search ».
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import itertools

from django.db import connections, models, router, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.db.models.sql.where import WhereNode
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from search import text
from search.models import Entry, EntryText

# Points a query term brings, by the best field it is found in (the title, else the summary
# or authors, else the rest). The rank is their sum over the query's terms: an integer,
# computed by the same SQL on both databases.
WEIGHT_TITLE = 8
WEIGHT_SUMMARY = 3
WEIGHT_BODY = 1


@dataclasses.dataclass(frozen=True)
class Document:
    """What the index keeps of an object: texts by weight, and whether the public sees it.

    - ``title``: weighs most; ``summary`` and ``authors``: next; ``body``: plain text (no
      HTML: strip it first), the rest, also what snippets are cut from;
    - ``published``: False keeps the object out of every public search;
    - ``date``: a ``date`` or ``datetime`` (aware: read in the current time zone); among
      results of equal rank the newest comes first, then the greatest primary key;
    - ``url``: where a result across kinds links to (``get_absolute_url()``).
    """

    title: str
    summary: str = ""
    body: str = ""
    published: bool = True
    authors: str = ""
    date: datetime.date | None = None
    url: str = ""


@dataclasses.dataclass(frozen=True)
class _Registration:
    kind: str
    queryset: QuerySet  # what ``update_many`` and ``reindex`` read
    dependents: object  # a function of an object, () when none was given


_REGISTRY: dict[type, _Registration] = {}
_KINDS: dict[str, type] = {}

# The name of the relation from a registered model to its entry (``_EntryRelation``).
JOIN = "search_entry"


class _EntryRelation(models.ForeignObject):
    """The join of a registered model to its entry: ``search_entry.object_id = pk`` and
    ``search_entry.kind = kind``, in the ON clause.

    Added by ``register`` as a private field named ``search_entry`` (like a
    ``GenericRelation``: no column, not in migrations, forms or serializers), so that
    ``ranked`` is one join that the database plans as it likes (a hash join on PostgreSQL),
    not a subquery run once per matching row.
    """

    def __init__(self, kind: str, pk_name: str):
        self.search_kind = kind
        super().__init__(
            Entry,
            on_delete=models.DO_NOTHING,
            from_fields=[pk_name],
            to_fields=["object_id"],
            related_name="+",
            editable=False,
            serialize=False,
        )

    # Flagged as GenericRelation is: left out of ``Model._meta.fields``, which model
    # constructors, forms and history tables read (the path of a join is still one-to-one).
    many_to_one = False
    one_to_many = True

    def contribute_to_class(self, cls, name, private_only=False, **kwargs):
        super().contribute_to_class(cls, name, private_only=private_only, **kwargs)
        setattr(cls, name, _EntryDescriptor(self.search_kind))

    def get_extra_restriction(self, alias, related_alias):
        # ``alias`` is the entry's table in this join.
        field = Entry._meta.get_field("kind")
        return WhereNode([field.get_lookup("exact")(field.get_col(alias), self.search_kind)])


class _EntryDescriptor:
    """``obj.search_entry``: the object's entry, or None."""

    def __init__(self, kind: str):
        self.kind = kind

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return Entry.objects.filter(kind=self.kind, object_id=instance.pk).first()


def register(
    model: type,
    kind: str,
    *,
    m2m_fields: tuple[str, ...] = (),
    queryset: QuerySet | None = None,
    dependents=None,
) -> None:
    """Index ``model``'s objects under ``kind`` (``"resource"``, ``"event"``…, 20 characters
    at most), from their ``search_document()``.

    - ``m2m_fields``: many-to-many fields that ``search_document`` reads; adding or removing
      values updates the object;
    - ``queryset``: what ``reindex`` reads (e.g. with ``prefetch_related``), default all
      objects of the default manager;
    - ``dependents``: a function of an object returning other indexed objects whose document
      depends on it (a page's sub-pages hide with it), updated after it.

    The model gains a private relation ``search_entry`` (its entry, for joins); it must not
    have a field of that name. Raises ``ValueError`` if ``kind`` is taken by another model.
    """
    if _KINDS.get(kind, model) is not model or len(kind) > 20:
        raise ValueError(f"search kind {kind!r} is already registered or too long")
    if model not in _REGISTRY:
        _EntryRelation(kind, model._meta.pk.name).contribute_to_class(
            model, JOIN, private_only=True
        )
    queryset = model._default_manager.all() if queryset is None else queryset
    _REGISTRY[model] = _Registration(kind, queryset, dependents or (lambda obj: ()))
    _KINDS[kind] = model
    uid = f"search-index-{kind}"
    post_save.connect(_saved, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(_deleted, sender=model, weak=False, dispatch_uid=uid)
    for name in m2m_fields:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(_m2m_changed, sender=through, weak=False, dispatch_uid=f"{uid}-{name}")


def kind_of(model: type) -> str:
    """Return the kind ``model`` is registered under; ``KeyError`` if it is not."""
    return _REGISTRY[model].kind


def kinds() -> list[str]:
    """Return the registered kinds, in the order of registration."""
    return list(_KINDS)


# Keeping the index up to date


def _rows(kind: str, object_id: int, document: Document) -> tuple[Entry, EntryText]:
    """Return the unsaved rows of ``document``."""
    summary = "\n".join(part for part in (document.summary, document.authors) if part)
    title_terms = text.term_set(document.title)
    summary_terms = text.term_set(summary)
    all_terms = title_terms | summary_terms | text.term_set(document.body)
    date = document.date
    if isinstance(date, datetime.datetime):
        date = timezone.localtime(date).date() if timezone.is_aware(date) else date.date()
    entry = Entry(
        kind=kind,
        object_id=object_id,
        published=bool(document.published),
        date=date,
        title_terms=_padded(title_terms),
        summary_terms=_padded(summary_terms),
    )
    entry_text = EntryText(
        # Sorted: the same document always gives the same row.
        terms=" ".join(sorted(all_terms)),
        title=document.title,
        summary=summary,
        url=document.url[:500],
        body=document.body[: text.MAX_TEXT],
    )
    return entry, entry_text


def _padded(terms: set[str]) -> str:
    return f" {' '.join(sorted(terms))} " if terms else ""


def _values(row) -> dict:
    return {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if not f.primary_key and not f.is_relation
    }


def _registration(obj) -> _Registration | None:
    return _REGISTRY.get(type(obj)) or _REGISTRY.get(obj._meta.concrete_model)


def update(obj) -> None:
    """Write ``obj``'s entry from its ``search_document()`` (created, or replaced), then its
    dependents'. Does nothing for an unregistered model. Four queries and those of
    ``search_document``."""
    registration = _registration(obj)
    if registration is None:
        return
    entry, entry_text = _rows(registration.kind, obj.pk, obj.search_document())
    with transaction.atomic():
        entry, _ = Entry.objects.update_or_create(
            kind=entry.kind, object_id=entry.object_id, defaults=_values(entry)
        )
        EntryText.objects.update_or_create(entry=entry, defaults=_values(entry_text))
    for other in registration.dependents(obj):
        update(other)


def _write(pairs: list[tuple[Entry, EntryText]]) -> None:
    """Insert new rows in bulk (their entries must not exist)."""
    entries = Entry.objects.bulk_create([entry for entry, _ in pairs], batch_size=BATCH)
    for entry, (_, entry_text) in zip(entries, pairs, strict=True):
        entry_text.entry = entry
    EntryText.objects.bulk_create([entry_text for _, entry_text in pairs], batch_size=BATCH)


BATCH = 500


def update_many(objects) -> None:
    """Write the entries of ``objects`` (of registered models; others are passed over) in
    bulk: for imports, which save without signals. The objects are read again through the
    registration's ``queryset`` (its prefetches), a batch at a time: a few queries per 500
    objects, not one per object. Runs in one transaction."""
    ids_by_registration: dict[_Registration, list] = {}
    for obj in objects:
        registration = _registration(obj)
        if registration is not None:
            ids_by_registration.setdefault(registration, []).append(obj.pk)
    with transaction.atomic():
        for registration, ids in ids_by_registration.items():
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                Entry.objects.filter(kind=registration.kind, object_id__in=batch).delete()
                _write(
                    [
                        _rows(registration.kind, obj.pk, obj.search_document())
                        for obj in registration.queryset.filter(pk__in=batch)
                    ]
                )


def remove(obj) -> None:
    """Delete ``obj``'s entry, if any."""
    registration = _registration(obj)
    if registration is not None:
        Entry.objects.filter(kind=registration.kind, object_id=obj.pk).delete()


def reindex(kind: str | None = None) -> int:
    """Rebuild the entries of ``kind`` (every kind if None) from the objects, in one
    transaction, then merge the FTS5 index's segments (SQLite) and gather the tables'
    statistics (``ANALYZE``); return the number of entries written. ``KeyError`` for an
    unknown kind."""
    kinds_ = [kind] if kind is not None else list(_KINDS)
    written = 0
    with transaction.atomic():
        for name in kinds_:
            registration = _REGISTRY[_KINDS[name]]
            Entry.objects.filter(kind=name).delete()
            objects = registration.queryset.all().iterator(chunk_size=BATCH)
            while batch := [
                _rows(name, obj.pk, obj.search_document())
                for obj in itertools.islice(objects, BATCH)
            ]:
                _write(batch)
                written += len(batch)
    connection = connections[router.db_for_write(Entry)]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Merge the full-text index's segments into one, as a bulk load leaves many.
            cursor.execute(
                "INSERT INTO search_entrytext_fts(search_entrytext_fts) VALUES ('optimize')"
            )
        # Statistics, so that the planner starts from the few matches of a rare word rather
        # than from every entry of a kind (on SQLite, 7 ms against 0.2 for 10,000 entries;
        # SQLite never gathers them by itself).
        cursor.execute("ANALYZE search_entry")
        cursor.execute("ANALYZE search_entrytext")
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE search_entryvector")
    return written


def _saved(sender, instance, raw=False, **kwargs):
    # Fixtures (raw) come without their related rows: run ``reindex`` after loaddata.
    if not raw:
        update(instance)


def _deleted(sender, instance, **kwargs):
    remove(instance)
    registration = _registration(instance)
    if registration is not None:
        for other in registration.dependents(instance):
            update(other)


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        update(instance)
    elif model in _REGISTRY and pk_set:
        # Changed from the other side (a theme's centres): each object on this side. (A clear
        # from the other side does not say which objects it took away: ``reindex``.)
        for obj in model._default_manager.filter(pk__in=pk_set):
            update(obj)


# Searching


def _match(terms: list[str], using: str) -> RawSQL:
    """Return the ids of the entries holding every term, as a subquery for ``__in``."""
    if connections[using].vendor == "postgresql":
        # Terms are [a-z0-9]+: the quotes are only for form.
        tsquery = " & ".join(f"'{t}'" for t in terms)
        return RawSQL(
            "SELECT entry_id FROM search_entryvector WHERE search_vector @@ %s::tsquery", [tsquery]
        )
    match = " ".join(f'"{t}"' for t in terms)
    return RawSQL(
        "SELECT rowid FROM search_entrytext_fts WHERE search_entrytext_fts MATCH %s", [match]
    )


def _rank(terms: list[str], prefix: str = ""):
    """The rank of an entry: per term, the weight of the best field holding it, summed."""
    points = [
        Case(
            When(**{f"{prefix}title_terms__contains": f" {t} "}, then=Value(WEIGHT_TITLE)),
            When(**{f"{prefix}summary_terms__contains": f" {t} "}, then=Value(WEIGHT_SUMMARY)),
            default=Value(WEIGHT_BODY),
            output_field=IntegerField(),
        )
        for t in terms
    ]
    return sum(points[1:], points[0])


def _filtered(queryset: QuerySet, terms: list[str], published_only: bool) -> QuerySet:
    if queryset.model not in _REGISTRY:
        raise KeyError(f"{queryset.model.__name__} is not registered for search")
    conditions = {f"{JOIN}__id__in": _match(terms, queryset.db)}
    if published_only:
        conditions[f"{JOIN}__published"] = True
    return queryset.filter(**conditions)


def matching(queryset: QuerySet, query: str, *, published_only: bool = True) -> QuerySet:
    """Return ``queryset`` narrowed to the objects matching ``query`` (every term of it, in
    any field), with no rank and no new order: a join and a subquery, so counts and facets
    (``.values("type").annotate(n=Count("pk"))``) run in the database, in one query.

    ``published_only``: leave out objects whose document says unpublished. A query with no
    searchable word (empty, stop words, symbols) matches nothing. ``KeyError`` if the model
    is not registered. Never raises on the query's content.
    """
    terms = text.query_terms(query)
    if not terms:
        return queryset.none()
    return _filtered(queryset, terms, published_only)


def ranked(queryset: QuerySet, query: str, *, published_only: bool = True) -> QuerySet:
    """Return ``queryset`` narrowed to the objects matching ``query``, best first: annotated
    ``search_rank`` (an integer, ``_rank``) and ``search_date`` (the document's date), ordered
    by rank, date (newest first, none last), then primary key (greatest first).

    Matching as ``matching``. For facet counts, call ``.order_by()`` on it first or use
    ``matching``: a grouped query would otherwise group by the rank too.
    """
    terms = text.query_terms(query)
    if not terms:
        return queryset.none().annotate(
            search_rank=Value(0, output_field=IntegerField()),
            search_date=Value(None, output_field=Entry._meta.get_field("date")),
        )
    return (
        _filtered(queryset, terms, published_only)
        .annotate(
            search_rank=_rank(terms, prefix=f"{JOIN}__"),
            search_date=F(f"{JOIN}__date"),
        )
        .order_by("-search_rank", F("search_date").desc(nulls_last=True), "-pk")
    )


def search_all(query: str, kinds: list[str] | None = None) -> QuerySet:
    """Return the published entries (``search.Entry``) of ``kinds`` (all if None) matching
    ``query``, best first, annotated ``search_rank`` as ``ranked``; ties by date (newest
    first, none last), then kind, then object id (greatest first).

    Each entry's ``text`` (``title``, ``url``, ``summary``, ``body``) is loaded by a second
    query for the entries taken (a page of results: two queries, and one for the count).
    """
    terms = text.query_terms(query)
    entries = Entry.objects.all()
    if not terms:
        return entries.none().annotate(search_rank=Value(0, output_field=IntegerField()))
    entries = entries.filter(id__in=_match(terms, entries.db), published=True)
    if kinds is not None:
        entries = entries.filter(kind__in=list(kinds))
    return (
        # The texts of the page of results only, in a second query: joined here, the 5 KB
        # bodies of every match would be carried through the sort (SQLite reads them all).
        # The terms only rank: not carried through the sort either (on PostgreSQL that made
        # the sort of 20,000 matches spill to disk).
        entries.defer("title_terms", "summary_terms")
        .prefetch_related(Prefetch("text", EntryText.objects.defer("terms")))
        .annotate(search_rank=_rank(terms))
        .order_by("-search_rank", F("date").desc(nulls_last=True), "kind", "-object_id")
    )


# Showing results


def _marked(source: str, spans, wanted: set[str]) -> str:
    """Return ``source`` escaped, the spans (``(start, end, term)``) whose term is wanted in
    ``<mark>``."""
    out, position = [], 0
    for start, end, found in spans:
        if found and found in wanted:
            out.append(html.escape(source[position:start], quote=True))
            out.append(f"<mark>{html.escape(source[start:end], quote=True)}</mark>")
            position = end
    out.append(html.escape(source[position:], quote=True))
    return "".join(out)


def highlight(value: str, query: str) -> SafeString:
    """Return ``value`` (plain text, such as a title) escaped, the words of ``query`` found
    in it (by term: « quartiers » for « quartier ») in ``<mark>``."""
    value = str(value or "")
    wanted = set(text.query_terms(query))
    return mark_safe(_marked(value, text.word_spans(value) if wanted else (), wanted))


ELLIPSIS = "…"


def snippet(text_: str, query: str, length: int = 240) -> SafeString:
    """Return about ``length`` characters of ``text_`` (plain text) around the first word of
    ``query`` found, HTML-escaped, the words found in ``<mark>``.

    Found means same term (folded, stemmed): « Rénovations » is marked for « renovation ».
    The passage starts about a third of ``length`` before that word, is cut between words,
    and « … » says where text was cut; whitespace is collapsed. With no word found, the
    start of the text. Never raises.
    """
    source = str(text_ or "")
    wanted = set(text.query_terms(query))
    first = first_end = None
    if wanted:
        for start, end, found in text.word_spans(source):
            if found in wanted:
                first, first_end = start, end
                break
    length = max(int(length), 20)
    begin = 0 if first is None else max(0, first - length // 3)
    finish = min(len(source), begin + length)
    if finish - begin < length:
        begin = max(0, finish - length)
    # Cut between words: the start moves forward after a space, the end back to one (never
    # past the word found).
    if begin > 0:
        space = source.find(" ", begin, first if first is not None else finish)
        begin = space + 1 if space != -1 else begin
    if finish < len(source):
        space = source.rfind(" ", begin, finish)
        if space > begin and (first_end is None or space >= first_end):
            finish = space
    passage = source[begin:finish]
    spans = list(text.word_spans(passage)) if wanted else []
    body = _marked(passage, spans, wanted)
    body = " ".join(body.split())
    prefix = ELLIPSIS + " " if begin > 0 else ""
    suffix = " " + ELLIPSIS if finish < len(source) else ""
    return mark_safe(prefix + body + suffix)
