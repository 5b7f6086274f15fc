"""The sources registry: each source's entry, and the text its quotes are looked up in.

A source's ``file`` is a path inside the data directory, to a UTF-8 text; an
entry whose text cannot be read is *broken*: it is reported once, and the
quotes that cite it are not checked again.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .anchors import Anchor, Haystack, anchors
from .dates import PartialDate
from .problems import Report, kind_of
from .records import Exclusion, Origin, Source
from .rules import fold_quotes, normalise_space
from .structure import Fields, label
from .temporal import read_spec
from .yamlio import Record

__all__ = ["SOURCE_KEYS", "Sources", "escapes"]

SOURCE_KEYS = {
    "id", "title", "file", "publisher", "published", "published_note",
    "language", "language_note", "url", "licence", "not_curated",
}  # fmt: skip
"""The fields of a source's entry."""


class Sources:
    """The sources read, with their texts normalised for looking quotes up."""

    def __init__(self, report: Report, fields: Fields, data_dir: Path) -> None:
        self.report = report
        self.fields = fields
        self.root = data_dir.resolve()
        self.sources: dict[str, Source] = {}
        # the texts as quotes are looked up in them, made when first needed (a load from the file cache
        # looks up only the quotes of the files that changed)
        self._normalised: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._haystacks: dict[str, Haystack] = {}
        self.broken: set[str] = set()  # registered, but their text could not be read
        self.ids_ignoring_case: dict[str, str] = {}  # id.lower() -> id

    def read(self, raw: list[tuple[str, Record]]) -> None:
        """Read the entries of the registry, in the order written."""
        f = self.fields
        for index, (file, rec) in enumerate(raw, 1):
            name = label("sources", rec, index)
            f.unknown_keys(file, rec, name, SOURCE_KEYS)
            sid = f.identifier(file, rec, name)
            title = f.text(file, rec, name, "title", True)
            rel = f.text(file, rec, name, "file", True)
            spec = read_spec(self.report, file, rec, name, "published")
            if spec is not None and (spec.relative or spec.after or spec.before):
                self.report.add(
                    file, rec.line_of("published"), name, "published",
                    "a publication date takes a value, 'earliest', 'latest' and a 'note', "
                    "not a relative date or an order",
                )  # fmt: skip
            published: PartialDate | None = spec.value if spec else None
            if spec is not None and not spec.note and rec.get("published_note"):
                spec = replace(spec, note=normalise_space(str(rec["published_note"])))
            if not sid or not self.claim(sid, file, rec, name):
                continue
            self.broken.add(sid)  # until its text is read
            text = self.text(file, rec, name, rel) if rel else ""
            if text is None or not title or not rel:
                continue
            self.broken.discard(sid)
            self.sources[sid] = Source(
                id=sid,
                title=normalise_space(title),
                file=Path(rel).as_posix(),
                text=text,
                publisher=f.text(file, rec, name, "publisher", False),
                published=published,
                published_spec=spec,
                publication=spec.given() if spec else None,
                published_note=normalise_space(f.text(file, rec, name, "published_note", False)),
                language=f.text(file, rec, name, "language", False),
                language_note=normalise_space(f.text(file, rec, name, "language_note", False)),
                url=f.text(file, rec, name, "url", False),
                licence=normalise_space(f.text(file, rec, name, "licence", False)),
                not_curated=self.exclusions(file, rec, name, text),
                origin=Origin(file, rec.line),
            )

    def normalised(self, sid: str) -> str:
        """The text of source ``sid`` with whitespace normalised."""
        if sid not in self._normalised:
            self._normalised[sid] = normalise_space(self.sources[sid].text)
        return self._normalised[sid]

    def folded(self, sid: str) -> str:
        """:meth:`normalised`, with straight quotation marks."""
        if sid not in self._folded:
            self._folded[sid] = fold_quotes(self.normalised(sid))
        return self._folded[sid]

    def haystack(self, sid: str) -> Haystack:
        """The text as written, quotation marks folded: where quotes are found (:func:`~.anchors.anchors`)."""
        if sid not in self._haystacks:
            self._haystacks[sid] = Haystack.of(fold_quotes(self.sources[sid].text))
        return self._haystacks[sid]

    def exclusions(self, file: str, rec: Record, name: str, text: str) -> tuple[Exclusion, ...]:
        """The passages the curators left out, each found in ``text``.

        ``not_curated`` is a list of {quote, reason}, with ``through`` to leave out everything from
        the quote to the end of the first occurrence of ``through`` after it (a list, a page footer).
        A quote that occurs more than once leaves out every occurrence.
        """
        value = rec.get("not_curated")
        if value is None:
            return ()
        line = rec.line_of("not_curated")
        if not isinstance(value, list):
            self.report.add(
                file, line, name, "not_curated", f"expected a list of {{quote, reason}}, found {kind_of(value)}"
            )
            return ()
        out = []
        folded = Haystack.of(fold_quotes(text))
        for i, item in enumerate(value, 1):
            where = f"not_curated[{i}]"
            if not isinstance(item, Record):
                self.report.add(file, line, name, where, "expected a mapping with 'quote' and 'reason'")
                continue
            self.fields.unknown_keys(file, item, name, {"quote", "through", "reason"})
            quote = self.fields.text(file, item, name, "quote", True, where)
            through = self.fields.text(file, item, name, "through", False, where)
            reason = self.fields.text(file, item, name, "reason", True, where)
            if not quote or not reason:
                continue
            found = anchors(quote, text, folded)
            if not found:
                self.report.add(
                    file, item.line_of("quote"), name, f"{where}.quote", "passage not found in the source's text"
                )
                continue
            if through:
                ends = anchors(through, text, folded)
                spans = [(a.start, next((e.end for e in ends if e.start >= a.end), -1)) for a in found]
                if any(end < 0 for _, end in spans):
                    self.report.add(
                        file, item.line_of("through"), name, f"{where}.through",
                        "passage not found in the source's text after the quote",
                    )  # fmt: skip
                    continue
                found = [Anchor.at(text, s, e) for s, e in spans]
            out += [Exclusion(normalise_space(a.exact), normalise_space(reason), a) for a in found]
        return tuple(out)

    def claim(self, sid: str, file: str, rec: Record, name: str) -> bool:
        """Take the source id ``sid``; source ids that differ only in case clash."""
        if sid in self.sources or sid in self.broken:
            first = self.sources[sid].origin if sid in self.sources else "an earlier entry"
            self.report.add(file, rec.line_of("id"), name, "id", f"duplicate source id '{sid}': already at {first}")
            return False
        other = self.ids_ignoring_case.get(sid.lower())
        if other is not None:
            self.report.add(
                file, rec.line_of("id"), name, "id",
                f"source id '{sid}' differs only in case from '{other}': ids must differ in more than case",
            )  # fmt: skip
            return False
        self.ids_ignoring_case[sid.lower()] = sid
        return True

    def text(self, file: str, rec: Record, name: str, rel: str) -> str | None:
        """The text of the source file ``rel``, or None (and a problem) when it cannot be read."""
        line = rec.line_of("file")
        where = escapes(rel, self.root)
        if where:
            self.report.add(file, line, name, "file", where)
            return None
        target = (self.root / rel).resolve()
        try:
            if not target.exists():
                self.report.add(file, line, name, "file", f"source file '{rel}' not found")
                return None
            if target.is_dir():
                self.report.add(file, line, name, "file", f"'{rel}' is a directory, not a file")
                return None
            if not target.is_file():  # a FIFO or a device would block or never end
                self.report.add(file, line, name, "file", f"'{rel}' is not a regular file")
                return None
            return target.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            self.report.add(file, line, name, "file", f"cannot read '{rel}': {exc.strerror}")
        except UnicodeDecodeError:
            self.report.add(file, line, name, "file", f"source file '{rel}' is not UTF-8 text")
        return None


def escapes(rel: str, root: Path) -> str:
    """Why the source path ``rel`` leaves the data directory ``root`` (resolved), or "".

    >>> escapes("../notes.txt", Path("/data"))
    "'../notes.txt' is outside the data directory"
    """
    if Path(rel).is_absolute():
        return f"'{rel}' is an absolute path: give a path inside the data directory, relative to it"
    if not Path(os.path.normpath(root / rel)).is_relative_to(root):
        return f"'{rel}' is outside the data directory"
    if not (root / rel).resolve().is_relative_to(root):
        return f"'{rel}' is a symbolic link that leads outside the data directory"
    return ""
