"""Reading the ZIP of documents sent with the admin's import of resources, safely.

Nothing is ever extracted to a path taken from the archive: a member is found by its file name
(without its folders) and copied, one at a time, to an anonymous temporary file, from which
``library.documents.inspect`` reads it as any upload. What a hostile archive could do is
stopped as cheaply as possible:

- **its size**: the upload is refused past ``MAX_ZIP_BYTES`` before it is opened;
- **a huge central directory** (millions of members): its size and member count are read
  from the archive's last bytes before ``zipfile`` parses it (``MAX_MEMBERS``);
- **paths** (``../``, ``/etc/…``, ``C:``, backslashes): an archive naming one is refused
  whole, though no path is ever used;
- **decompression bombs**: the sizes the archive declares are checked first
  (``documents.MAX_UPLOAD_BYTES`` a member, ``MAX_UNPACKED_BYTES`` in all), then the bytes
  actually inflated are counted while they are read, and reading stops as soon as a member
  passes what it declared or the limit: an archive that lies never costs more than the limit.
"""

from __future__ import annotations

import contextlib
import struct
import tempfile
import unicodedata
import zipfile
from pathlib import PurePosixPath

from library import documents

# Largest ZIP accepted by the admin's import, in bytes (documented in docs/editors.md). It
# waits in the database between the preview and the confirmation (crpv.spreadsheets.pending).
MAX_ZIP_BYTES = 100 * 1024 * 1024
# Members of the archive, folders included.
MAX_MEMBERS = 1000
# Sum of the members' sizes once inflated.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
# Central directory allowed per member: its fixed 46 bytes, a name, extra fields and a comment.
_DIRECTORY_BYTES_PER_MEMBER = 1024
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_CHUNK = 1024 * 1024
NBSP = "\u00a0"


class ArchiveRefused(ValueError):
    """An archive, or one of its members, that the import does not take; ``message`` is
    French, for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _key(name: str) -> str:
    """The form under which a file name is looked up: NFC (macOS writes names in NFD), any
    case."""
    return unicodedata.normalize("NFC", name).casefold()


def _check_end_record(file) -> None:
    """Refuse an archive whose end record announces too many members or too large a
    directory, before ``zipfile`` reads that directory."""
    file.seek(0, 2)
    end = file.tell()
    tail_size = min(end, _END_RECORD_SIZE + 65535)  # the record and its longest comment
    file.seek(end - tail_size)
    tail = file.read(tail_size)
    file.seek(0)
    at = tail.rfind(_END_RECORD)
    if at < 0 or len(tail) - at < _END_RECORD_SIZE:
        raise ArchiveRefused(
            f"Ce fichier n’est pas une archive ZIP lisible{NBSP}: créez-la de nouveau "
            "(clic droit sur le dossier, « Compresser » ou « Envoyer vers dossier compressé »)."
        )
    members, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    # 0xFFFF and 0xFFFFFFFF mean ZIP64: far above both limits, refused as well.
    if members > MAX_MEMBERS or directory_size > MAX_MEMBERS * _DIRECTORY_BYTES_PER_MEMBER:
        raise _too_many()


def _too_many() -> ArchiveRefused:
    return ArchiveRefused(
        f"L’archive contient trop de fichiers{NBSP}: {MAX_MEMBERS} au plus. "
        "Découpez-la en plusieurs imports."
    )


def _unsafe(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or ".." in path.parts
        or (len(name) > 1 and name[1] == ":")
    )


class ZipFiles:
    """The documents of a ZIP archive, found by file name: a source of files for
    ``library.importing``.

    ``file`` is a binary file object (an upload, or ``io.BytesIO``), read but never closed.
    Raises ArchiveRefused (French) if the archive is too big, damaged, has too many members,
    names a path outside itself, or declares more than ``MAX_UNPACKED_BYTES`` in all.
    """

    label = "l’archive ZIP"

    def __init__(self, file):
        size = getattr(file, "size", None)
        if size is None:
            file.seek(0, 2)
            size = file.tell()
        if size > MAX_ZIP_BYTES:
            raise ArchiveRefused(
                f"L’archive pèse {documents.human_size(size)}{NBSP}: la limite est de "
                f"{documents.human_size(MAX_ZIP_BYTES)}. Découpez-la en plusieurs imports."
            )
        _check_end_record(file)
        try:
            self._zip = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise ArchiveRefused(
                f"Cette archive ZIP est endommagée{NBSP}: créez-la de nouveau."
            ) from error
        members = self._zip.infolist()
        if len(members) > MAX_MEMBERS:
            raise _too_many()
        unsafe = [m.filename for m in members if _unsafe(m.filename)]
        if unsafe:
            raise ArchiveRefused(
                f"L’archive nomme un chemin interdit{NBSP}: «{NBSP}{unsafe[0]}{NBSP}». "
                "Mettez les documents dans un simple dossier, puis compressez-le."
            )
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise ArchiveRefused(
                f"Une fois décompressée, l’archive pèserait plus de "
                f"{documents.human_size(MAX_UNPACKED_BYTES)}{NBSP}: découpez-la en plusieurs "
                "imports."
            )
        self._members = {}
        for member in members:
            path = PurePosixPath(member.filename)
            if member.is_dir() or not path.name or "__MACOSX" in path.parts:
                continue
            self._members.setdefault(_key(path.name), []).append(member)

    def check(self, name: str) -> int:
        """Return the size the archive declares for the member ``name`` (a file name, without
        folders, in any case); raise ArchiveRefused if there is none, several, or it cannot be
        read."""
        found = self._members.get(_key(name), [])
        if not found:
            raise ArchiveRefused("ce fichier n’est pas dans l’archive ZIP.")
        if len(found) > 1:
            raise ArchiveRefused(
                "plusieurs fichiers de l’archive ZIP portent ce nom, dans des dossiers "
                "différents : gardez-en un seul."
            )
        member = found[0]
        if member.flag_bits & 0x1:
            raise ArchiveRefused(
                "ce fichier est protégé par un mot de passe dans l’archive : "
                "créez-la de nouveau sans mot de passe."
            )
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveRefused(
                "ce fichier est compressé d’une façon que le portail ne lit pas : créez "
                "l’archive avec la compression habituelle (« Deflate »)."
            )
        if member.file_size > documents.MAX_UPLOAD_BYTES:
            raise ArchiveRefused(
                f"ce fichier pèse {documents.human_size(member.file_size)}, la limite est de "
                f"{documents.human_size(documents.MAX_UPLOAD_BYTES)}."
            )
        return member.file_size

    @contextlib.contextmanager
    def open(self, name: str):
        """Yield the member ``name`` copied to a temporary binary file (deleted on exit),
        rewound. Raises ArchiveRefused (French) as ``check`` does, and as soon as the bytes
        inflated pass the size the member declares: a bomb is never inflated further."""
        declared = self.check(name)
        member = self._members[_key(name)][0]
        with tempfile.TemporaryFile(prefix="crpv-zip-member-") as copy:
            inflated = 0
            try:
                with self._zip.open(member) as source:
                    while chunk := source.read(_CHUNK):
                        inflated += len(chunk)
                        if inflated > declared:
                            raise ArchiveRefused(
                                "ce fichier de l’archive est plus gros qu’elle ne le dit : "
                                "l’archive est endommagée ou piégée."
                            )
                        copy.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
                # A wrong CRC, truncated or damaged compressed data.
                raise ArchiveRefused(
                    "ce fichier de l’archive ZIP est endommagé : créez-la de nouveau."
                ) from error
            copy.seek(0)
            yield copy
