"""Read a file into a cleaned :class:`~kg.model.Document`.

Bytes are checked (exists, not empty, not too large, not binary), decoded
(BOM, UTF-8, GB18030/GBK, then charset-normalizer), HTML is reduced to its
text, web boilerplate and control characters are blanked out, and sentences
and the city are found.

For plain text the cleaned text keeps the decoded file's character offsets:
boilerplate is replaced by spaces, never cut, so provenance offsets point
into the file as a user sees it.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from kg.errors import InputError
from kg.loaders.clean import blank_boilerplate, blank_controls
from kg.loaders.html import html_to_text, looks_like_html
from kg.loaders.places import detect_sections
from kg.loaders.segment import split_sentences
from kg.model import Document, document_id

MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this are refused (20 MiB: far above any article or report)."""

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml", ""})

_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b", b"BZh", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"MZ",
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DATE = re.compile(r"(20\d\d|19\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, or :class:`InputError` saying why it cannot be used."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size} bytes is over the {max_bytes}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{path}: empty file")
    return data


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode document bytes; returns ``(text, encoding)``.

    Raises :class:`InputError` for binary data and for bytes no encoding reads
    as text.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(f"{name}: undecodable text (bad {enc} after its BOM)") from None
    if data.startswith(_BINARY_MAGIC):
        raise InputError(f"{name}: binary file (not text or HTML)")
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM has NULs in every other byte; anything else is binary.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible(text):
                return text, enc
        raise InputError(f"{name}: binary file (not text or HTML)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _plausible(text):
            return text, best.encoding
    raise InputError(f"{name}: undecodable text (not UTF-8, UTF-16 or GB18030); try converting it to UTF-8")


def _plausible(text: str) -> bool:
    """True when decoded text looks like a document rather than noise."""
    if not text.strip():
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad <= max(2, len(text) // 200)


def parse_text(raw: str, name: str, *, html: bool | None = None, source_path: str | None = None,
               encoding: str | None = None, where: str | None = None) -> Document:
    """Turn decoded text (plain or HTML) into a cleaned Document.

    Errors start with ``where`` (the file as the user named it), else ``name``.
    """
    where = where or name
    title = ""
    if html is None:
        html = looks_like_html(raw)
    if html:
        title, raw = html_to_text(raw)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    text, dropped = blank_boilerplate(blank_controls(raw))
    if not text.strip():
        raise InputError(f"{where}: no text left after removing boilerplate ({len(dropped)} boilerplate lines)")
    if not _CJK.search(text) and not re.search(r"[A-Za-z]{3}", text):
        raise InputError(f"{where}: no readable text")
    title = title or _first_line(text)
    city, sections = detect_sections(text)
    return Document(
        id=document_id(text, source_path or name),
        name=name,
        text=text,
        title=title,
        date=_find_date(text),
        city=city,
        sentences=tuple(split_sentences(text)),
        sections=tuple(sections),
        source_path=source_path,
        encoding=encoding,
        boilerplate=tuple(dropped),
    )


def load_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read, decode and clean one file.  Raises :class:`InputError` with a one-line reason."""
    p = Path(path)
    data = read_bytes(p, max_bytes)
    raw, enc = decode(data, str(p))
    html = p.suffix.lower() in {".html", ".htm", ".xhtml"} or looks_like_html(raw)
    # The absolute path identifies the file across runs (kg.store replaces a changed file's old version).
    return parse_text(raw, p.name, html=html, source_path=str(p.resolve()), encoding=enc, where=str(p))


def iter_paths(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders (walked recursively) into a sorted list of document files, each file once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        found = (sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                        and f.suffix.lower() in TEXT_SUFFIXES) if p.is_dir() else [p])
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line[:120]
    return ""


def _find_date(text: str) -> str | None:
    m = _DATE.search(text[:2000])
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"
