"""The native SHACL checker: the SHACL Core subset of :func:`graph.rdf.shacl.shapes`, checked in Python.

pySHACL checks about 6,000 triples a second here. This checker reads the
shapes graph once into plain Python tests (:func:`compile_shapes`), then reads
the export's N-Triples text twice, a line at a time (:func:`check`): first the
types of every node and the objects that ``sh:targetObjectsOf`` targets, then
each subject's triples, which the sorted lines keep together, to test that
subject against every shape that targets it. Nothing but the few indexes the
shapes need is kept in memory, so the 4 million triples of 100,000 relations
are checked in seconds.

It implements exactly what the generated shapes use, following the SHACL
specification (https://www.w3.org/TR/shacl/):

* targets: ``sh:targetClass`` (instances of subclasses too, by
  ``rdfs:subClassOf`` in the data), ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf``;
* property shapes (``sh:property``) whose ``sh:path`` is an IRI or a sequence
  of IRIs (the value nodes are the distinct nodes the path reaches);
* ``sh:minCount``, ``sh:maxCount``, ``sh:datatype`` (an ill-typed literal does
  not match: the XSD 1.1 lexical spaces of the datatypes below), ``sh:nodeKind``,
  ``sh:class`` (``rdf:type/rdfs:subClassOf*`` in the data), ``sh:in`` and
  ``sh:hasValue`` (RDF term equality), ``sh:minLength``, ``sh:or`` and
  ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount``/``sh:qualifiedMaxCount``
  over node shapes made of these constraints;
* ``sh:message``, which every shape that reports needs (the checker does not
  invent pySHACL's default messages).

Anything else in the shapes graph (another target, component, path or
datatype, ``sh:severity``, ``sh:deactivated`` ...) raises
:class:`UnsupportedShapeError` when the shapes are compiled, so that a new
shape cannot be ignored in silence.

Terms are kept as their N-Triples text, in one canonical form (IRIs as
``<iri>``; literals escaping only ``\\``, ``"``, newline and carriage return,
``xsd:string`` implicit, language tags in lower case), so RDF term equality
is string equality.

>>> from graph.rdf.shacl import shapes
>>> compiled = compile_shapes(shapes())
>>> nt = '<https://w3id.org/cdkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "X" .\\n'
>>> [(f, s, v) for f, s, _, _, v in check(compiled, nt)]
[('<https://w3id.org/cdkg/id/x>', 'https://w3id.org/cdkg/shapes#Entity-type', None)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = [
    "WELL_FORMED",
    "CompiledShapes",
    "Result",
    "UnsupportedShapeError",
    "check",
    "compile_shapes",
    "datatype_of",
    "lexical_form",
    "ntriples_of",
    "term",
]

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_NS = str(RDF)
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD_STRING_SUFFIX = f'"^^<{XSD}string>'
_RDF_TYPE = f"<{RDF_NS}type>"
_SUBCLASS_OF = f"<{RDFS_NS}subClassOf>"

Result = tuple[str, str, str, str, str | None]
"""One violation: the focus node (N-Triples), the shape and its path (as ``show`` named them), the
message, and the value node (N-Triples; None for a count, or for a node shape's own constraint)."""


class UnsupportedShapeError(ValueError):
    """The shapes use a part of SHACL that the native checker does not implement."""


# -- terms: canonical N-Triples text ----------------------------------------------------

_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"\\": "\\", '"': '"', "n": "\n", "r": "\r"}


def _literal(lexical: str, datatype: str | None = None, language: str | None = None) -> str:
    text = '"' + lexical.translate(_ESCAPE) + '"'
    if language:
        return f"{text}@{language.lower()}"
    if datatype and datatype != XSD + "string":
        return f"{text}^^<{datatype}>"
    return text


def term(node: Node) -> str:
    """An rdflib term as canonical N-Triples text.

    >>> term(Literal("a\\"b")), term(Literal("1", datatype=URIRef(XSD + "string"))), term(Literal("x", lang="EN"))
    ('"a\\\\"b"', '"1"', '"x"@en')
    """
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return _literal(str(node), str(node.datatype) if node.datatype else None, node.language)
    raise TypeError(f"not an RDF term: {node!r}")


def _ox_term(t: object) -> str:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return f"<{t.value}>"
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    assert isinstance(t, ox.Literal), t
    return _literal(t.value, t.datatype.value, t.language)


def lexical_form(raw: str) -> str:
    """The lexical form of a literal in canonical N-Triples text.

    >>> lexical_form('"say \\\\"hi\\\\""@en'), lexical_form('"2016"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    ('say "hi"', '2016')
    """
    last = raw[-1]
    if last == '"':
        body = raw[1:-1]
    elif last == ">":
        body = raw[1 : raw.rindex('"^^<')]
    else:
        body = raw[1 : raw.rindex('"@')]
    return _UNESCAPE.sub(lambda m: _UNESCAPED.get(m[1], m[0]), body) if "\\" in body else body


def datatype_of(raw: str) -> str:
    """The datatype IRI of a literal in canonical N-Triples text (``rdf:langString`` for a tagged one)."""
    last = raw[-1]
    if last == '"':
        return XSD + "string"
    if last == ">":
        return raw[raw.rindex('"^^<') + 4 : -1]
    return RDF_NS + "langString"


def ntriples_of(g: Graph) -> str:
    """An rdflib graph as sorted canonical N-Triples lines, what :func:`check` reads."""
    return "".join(sorted({f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in g}))


_CHUNK = 1 << 22
_ESCAPES_OTHER = re.compile(r'\\[^"\\nr]')
_UPPER_LANGUAGE = re.compile(r'"@[a-zA-Z0-9-]*[A-Z]')


def _irregular(text: str) -> bool:
    """Whether N-Triples lines may not be canonical: tabs, carriage returns, escapes other than
    ``\\"``, ``\\\\``, ``\\n`` and ``\\r``, an explicit ``xsd:string``, a language tag in upper case.
    (Tests of one character first: a regular expression over the text took longer than the
    whole check; :meth:`_Data.read` checks the spaces between the terms.)"""
    return (
        "\t" in text
        or "\r" in text
        or _XSD_STRING_SUFFIX in text
        or ("\\" in text and _ESCAPES_OTHER.search(text) is not None)
        or ("@" in text and _UPPER_LANGUAGE.search(text) is not None)
    )


class _Text:
    """N-Triples text (or its lines), read a few megabytes at a time as canonical ``S P O`` strings.

    Chunks of lines as the build and pyoxigraph write them are only split; in
    any other chunk, each line that is not canonical goes through pyoxigraph's
    parser. Which chunks are canonical is found once, for both readings.
    """

    def __init__(self, nt: str | Sequence[str]) -> None:
        self.nt = nt
        self.regular: list[bool] = []

    def chunks(self) -> Iterator[str]:
        nt = self.nt
        if isinstance(nt, str):
            start, n = 0, len(nt)
            while start < n:
                end = nt.find("\n", start + _CHUNK)
                end = n if end < 0 else end + 1
                yield nt[start:end]
                start = end
        else:  # the build's lines: joined a chunk at a time, not all at once
            step = max(1, _CHUNK // 128)
            for start in range(0, len(nt), step):
                yield "".join(nt[start : start + step])

    def __iter__(self) -> Iterator[list[str]]:
        known = len(self.regular)
        for i, chunk in enumerate(self.chunks()):
            lines = chunk.split(" .\n")
            if i >= known:
                regular = lines[-1] == "" and len(lines) - 1 == chunk.count("\n") and not _irregular(chunk)
                self.regular.append(regular)
            if self.regular[i]:
                lines.pop()
            else:
                lines = [t for line in chunk.split("\n") for t in _canonical(line)]
            yield lines


def _canonical(line: str, parse: bool = False) -> list[str]:
    """One line of N-Triples as canonical ``S P O`` strings (``parse``: always with pyoxigraph)."""
    if not parse and line[-2:] == " ." and not _irregular(line):
        return [line[:-2]]
    if not line.strip():
        return []
    import pyoxigraph as ox

    triples = ox.parse(line, format=ox.RdfFormat.N_TRIPLES)
    return [f"{_ox_term(t.subject)} {_ox_term(t.predicate)} {_ox_term(t.object)}" for t in triples]


# -- datatypes: the XSD 1.1 lexical spaces ---------------------------------------------------

_YEAR = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})"
_TZ = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = re.compile(rf"({_YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]){_TZ}")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_date(text: str) -> bool:
    m = _DATE.fullmatch(text)
    if m is None:
        return False
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= _DAYS[month - 1] and (month != 2 or day < 29 or leap)


def _matcher(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda text: compiled.fullmatch(text) is not None


WELL_FORMED: dict[str, Callable[[str], bool]] = {
    XSD + "string": lambda text: True,
    XSD + "integer": _matcher(r"[+-]?[0-9]+"),
    XSD + "decimal": _matcher(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"),
    XSD + "date": _is_date,
    XSD + "gYearMonth": _matcher(rf"{_YEAR}-(?:0[1-9]|1[0-2]){_TZ}"),
    XSD + "gYear": _matcher(_YEAR + _TZ),
}
"""The datatypes ``sh:datatype`` may name, and which lexical forms are well formed."""


# -- compiling the shapes --------------------------------------------------------------------

_CONSTRAINTS = {"minCount", "maxCount", "datatype", "nodeKind", "class", "in", "hasValue", "minLength", "or"}
_QUALIFIED = {"qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount"}
_TARGETS = {"targetClass", "targetSubjectsOf", "targetObjectsOf"}
_ALLOWED = _CONSTRAINTS | _QUALIFIED | _TARGETS | {"message", "property", "path", "name", "description", "order"}
_NODE_KINDS = {
    "IRI": "<",
    "BlankNode": "_",
    "Literal": '"',
    "BlankNodeOrIRI": "_<",
    "BlankNodeOrLiteral": '_"',
    "IRIOrLiteral": '<"',
}

ValueTest = tuple[str, object]
"""A constraint on one value node: its kind (``datatype``, ``in``...) and parameter."""


@dataclass(frozen=True)
class _Check:
    """A shape that reports: a property shape, or a node shape's own constraints (``path`` empty)."""

    shape: str
    message: str
    path: tuple[str, ...] = ()
    path_text: str = ""
    min_count: int | None = None
    max_count: int | None = None
    has_values: tuple[str, ...] = ()
    tests: tuple[ValueTest, ...] = ()
    qualified: tuple[tuple[tuple[ValueTest, ...], int | None, int | None], ...] = ()


@dataclass(frozen=True)
class CompiledShapes:
    """A shapes graph as the checker runs it (see :func:`compile_shapes`)."""

    checks: tuple[_Check, ...]
    by_class: dict[str, tuple[int, ...]]
    """class -> the checks of the shapes that target its instances"""
    by_subject_of: dict[str, tuple[int, ...]]
    by_object_of: dict[str, tuple[int, ...]]
    steps: frozenset[str]
    """the predicates of the second and later steps of sequence paths"""


_SUPPORTED = (
    "the targets sh:targetClass, sh:targetSubjectsOf and sh:targetObjectsOf; property shapes whose sh:path is an "
    "IRI or a sequence of IRIs; sh:minCount, sh:maxCount, sh:datatype, sh:nodeKind, sh:class, sh:in, sh:hasValue, "
    "sh:minLength, sh:or and sh:qualifiedValueShape with sh:qualifiedMinCount/sh:qualifiedMaxCount; sh:message"
)


_SH_TERMS: dict[str, URIRef] = {}
_OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
_NIL, _FIRST, _REST, _TYPE = (URIRef(RDF_NS + n) for n in ("nil", "first", "rest", "type"))


def _n3(node: Node) -> str:
    return node.n3()


def _sh(name: str) -> URIRef:
    found = _SH_TERMS.get(name)
    if found is None:
        found = _SH_TERMS[name] = URIRef(SH + name)
    return found


class _Compiler:
    def __init__(self, g: Graph, show: Callable[[Node], str]) -> None:
        self.show = show
        self.out: dict[Node, dict[Node, list[Node]]] = {}  # rdflib's own lookups made compiling 5x slower
        for s, p, o in g:
            self.out.setdefault(s, {}).setdefault(p, []).append(o)

    def objects(self, shape: Node, p: Node) -> list[Node]:
        return self.out.get(shape, {}).get(p, [])

    def has(self, shape: Node, name: str) -> bool:
        return _sh(name) in self.out.get(shape, {})

    def rdf_list(self, head: Node) -> list[Node] | None:
        items: list[Node] = []
        while head != _NIL:
            first, rest = self.objects(head, _FIRST), self.objects(head, _REST)
            if len(first) != 1 or len(rest) != 1 or len(items) > len(self.out):
                return None
            items.append(first[0])
            head = rest[0]
        return items

    def fail(self, shape: Node, why: str) -> UnsupportedShapeError:
        return UnsupportedShapeError(f"shape {shape.n3()}: {why}; the native SHACL checker supports only {_SUPPORTED}")

    def constraints(self, shape: Node) -> set[str]:
        return {str(p)[len(SH) :] for p in self.out.get(shape, {}) if str(p).startswith(SH)}

    def one(self, shape: Node, name: str) -> Node | None:
        values = self.objects(shape, _sh(name))
        if len(values) > 1:
            raise self.fail(shape, f"more than one sh:{name}")
        return values[0] if values else None

    def count(self, shape: Node, name: str) -> int | None:
        value = self.one(shape, name)
        if value is None:
            return None
        n = value.toPython() if isinstance(value, Literal) else None
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise self.fail(shape, f"sh:{name} {value.n3()} is not a non-negative integer")
        return n

    def items(self, shape: Node, head: Node, name: str) -> list[Node]:
        items = self.rdf_list(head)
        if items is None:
            raise self.fail(shape, f"sh:{name} is not an RDF list")
        return items

    def message(self, shape: Node) -> str:
        messages = self.objects(shape, _sh("message"))
        if len(messages) != 1:
            raise self.fail(shape, f"{len(messages)} sh:message values where the checker reports exactly one")
        return str(messages[0])

    def nested(self, shape: Node, seen: tuple[Node, ...], where: str) -> tuple[ValueTest, ...]:
        """The tests of a node shape that a value node must conform to (sh:or, sh:qualifiedValueShape)."""
        if shape in seen:
            raise self.fail(shape, f"a recursive {where}")
        found = sorted(self.constraints(shape) & (_QUALIFIED | {"path", "property", "minCount", "maxCount"}))
        if found:
            raise self.fail(shape, ", ".join(f"sh:{name}" for name in found) + f" in a shape used by {where}")
        return self.tests(shape, (*seen, shape), node_level=True)

    def tests(self, shape: Node, seen: tuple[Node, ...], node_level: bool) -> tuple[ValueTest, ...]:
        """The constraints of ``shape`` on each value node (``node_level``: sh:hasValue too, as equality)."""
        out: list[ValueTest] = []
        pairs = [(p, o) for p, objects in self.out.get(shape, {}).items() for o in objects]
        for p, o in sorted(pairs, key=lambda po: (po[0].n3(), po[1].n3())):
            name = str(p)[len(SH) :] if str(p).startswith(SH) else ""
            if name == "datatype":
                if str(o) not in WELL_FORMED:
                    raise self.fail(shape, f"sh:datatype {o.n3()} (known: {', '.join(sorted(WELL_FORMED))})")
                out.append(("datatype", str(o)))
            elif name == "nodeKind":
                kind = str(o)[len(SH) :]
                if not str(o).startswith(SH) or kind not in _NODE_KINDS:
                    raise self.fail(shape, f"sh:nodeKind {o.n3()}")
                out.append(("nodeKind", _NODE_KINDS[kind]))
            elif name == "class":
                out.append(("class", term(o)))
            elif name == "in":
                out.append(("in", frozenset(term(i) for i in self.items(shape, o, "in"))))
            elif name == "minLength":
                out.append(("minLength", self.count(shape, "minLength")))
            elif name == "hasValue" and node_level:
                out.append(("hasValue", term(o)))
            elif name == "or":
                members = self.items(shape, o, "or")
                out.append(("or", tuple(self.nested(m, seen, "sh:or") for m in members)))
        return tuple(out)

    def path(self, shape: Node) -> tuple[str, ...]:
        path = self.one(shape, "path")
        if isinstance(path, URIRef):
            return (term(path),)
        steps = self.rdf_list(path) if isinstance(path, BNode) else None
        if steps is not None and len(steps) >= 2 and all(isinstance(s, URIRef) for s in steps):
            return tuple(term(s) for s in steps)
        shown = path.n3() if path is not None else "(none)"
        raise self.fail(shape, f"sh:path {shown} is not an IRI or a sequence of IRIs")

    def property_check(self, shape: Node) -> _Check:
        if self.has(shape, "property"):
            raise self.fail(shape, "sh:property on a property shape")
        qualified = []
        value_shape = self.one(shape, "qualifiedValueShape")
        if value_shape is not None:
            qmin, qmax = self.count(shape, "qualifiedMinCount"), self.count(shape, "qualifiedMaxCount")
            if qmin is None and qmax is None:
                raise self.fail(shape, "sh:qualifiedValueShape without sh:qualifiedMinCount or sh:qualifiedMaxCount")
            qualified.append((self.nested(value_shape, (shape,), "sh:qualifiedValueShape"), qmin, qmax))
        elif self.constraints(shape) & _QUALIFIED:
            raise self.fail(shape, "sh:qualifiedMinCount or sh:qualifiedMaxCount without sh:qualifiedValueShape")
        path = self.path(shape)
        return _Check(
            shape=self.show(shape),
            message=self.message(shape),
            path=path,
            path_text="/".join(self.show(URIRef(step[1:-1])) for step in path),
            min_count=self.count(shape, "minCount"),
            max_count=self.count(shape, "maxCount"),
            has_values=tuple(sorted(term(v) for v in self.objects(shape, _sh("hasValue")))),
            tests=self.tests(shape, (shape,), node_level=False),
            qualified=tuple(qualified),
        )

    def node_checks(self, shape: Node) -> list[_Check]:
        """The checks a focus node of ``shape`` goes through."""
        if self.has(shape, "path"):
            return [self.property_check(shape)]
        found = sorted(self.constraints(shape) & (_QUALIFIED | {"minCount", "maxCount"}))
        if found:
            raise self.fail(shape, ", ".join(f"sh:{name}" for name in found) + " on a node shape")
        checks = []
        tests = self.tests(shape, (shape,), node_level=True)
        if tests:
            checks.append(_Check(shape=self.show(shape), message=self.message(shape), tests=tests))
        checks += [self.property_check(p) for p in sorted(self.objects(shape, _sh("property")), key=_n3)]
        return checks


def compile_shapes(g: Graph, show: Callable[[Node], str] | None = None) -> CompiledShapes:
    """Read a shapes graph into the checker's tests; raise :class:`UnsupportedShapeError` for what it cannot check.

    ``show`` names shapes and path steps in the results (default: the IRI).

    >>> g = Graph().parse(data="<urn:s> <http://www.w3.org/ns/shacl#targetNode> <urn:x> .", format="turtle")
    >>> compile_shapes(g)
    Traceback (most recent call last):
    ...
    graph.rdf.shacl_native.UnsupportedShapeError: shape <urn:s>: sh:targetNode; ...only ...
    """
    compiler = _Compiler(g, show or str)
    unknown = set()
    for s, p, o in ((s, p, o) for s, po in compiler.out.items() for p, objects in po.items() for o in objects):
        name = str(p)[len(SH) :] if str(p).startswith(SH) else None
        if name is not None and name not in _ALLOWED:
            unknown.add((s.n3(), f"sh:{name}"))
        if p == _TYPE and str(o) in (RDFS_NS + "Class", _OWL_CLASS) and compiler.constraints(s):
            unknown.add((s.n3(), "a shape that is also a class (an implicit class target)"))
        if p == _TYPE and str(o).startswith(SH) and str(o)[len(SH) :] not in ("NodeShape", "PropertyShape"):
            unknown.add((s.n3(), f"rdf:type sh:{str(o)[len(SH) :]}"))
    if unknown:
        raise UnsupportedShapeError(
            "; ".join(f"shape {shape}: {what}" for shape, what in sorted(unknown))
            + f"; the native SHACL checker supports only {_SUPPORTED}"
        )
    index: dict[_Check, int] = {}
    targets: dict[str, dict[str, set[int]]] = {kind: {} for kind in _TARGETS}
    for shape in sorted((s for s, po in compiler.out.items() if any(_sh(kind) in po for kind in _TARGETS)), key=_n3):
        ids = {index.setdefault(c, len(index)) for c in compiler.node_checks(shape)}
        for kind in _TARGETS:
            for target in compiler.objects(shape, _sh(kind)):
                if not isinstance(target, URIRef):
                    raise compiler.fail(shape, f"sh:{kind} {target.n3()} is not an IRI")
                targets[kind].setdefault(term(target), set()).update(ids)

    def table(kind: str) -> dict[str, tuple[int, ...]]:
        return {t: tuple(sorted(ids)) for t, ids in sorted(targets[kind].items())}

    checks = tuple(index)
    return CompiledShapes(
        checks=checks,
        by_class=table("targetClass"),
        by_subject_of=table("targetSubjectsOf"),
        by_object_of=table("targetObjectsOf"),
        steps=frozenset(step for c in checks for step in c.path[1:]),
    )


# -- checking the data -------------------------------------------------------------------------

_IRREGULAR_LINE, _UNSORTED, _READ = "irregular", "unsorted", "read"


class _Data:
    """What the first reading keeps: the types of every node, the subclasses, the later path steps,
    and the objects that ``sh:targetObjectsOf`` targets."""

    def __init__(self, compiled: CompiledShapes) -> None:
        self.compiled = compiled
        self.types: dict[str, tuple[str, ...]] = {}
        self.superclasses: dict[str, list[str]] = {}
        self.steps: dict[str, dict[str, list[str]]] = {p: {} for p in compiled.steps if p != _RDF_TYPE}
        self.targeted_objects: dict[str, tuple[int, ...]] = {}
        self._closure: dict[str, frozenset[str]] = {}
        self._class_checks: dict[str, tuple[int, ...]] = {}

    def read(self, text: _Text) -> str:
        """Read what the checks need of other nodes than their focus; say if the text is irregular or unsorted."""
        types = self.types
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        targeted, steps, superclasses = self.targeted_objects, self.steps, self.superclasses
        # what each predicate of interest brings: (is rdf:type, is rdfs:subClassOf, the checks
        # targeting its objects, the index of a later path step): one lookup per line
        wanted = {p: (p == _RDF_TYPE, p == _SUBCLASS_OF, self.compiled.by_object_of.get(p), steps.get(p))
                  for p in {_RDF_TYPE, _SUBCLASS_OF, *self.compiled.by_object_of, *steps}}  # fmt: skip
        status, last, found = _READ, "", cast(list[str], [])
        for lines in text:
            for line in lines:
                try:
                    s, p, o = line.split(" ", 2)
                    if p[-1] != ">" or o[0] == " " or o[-1] == " ":  # two spaces between terms
                        return _IRREGULAR_LINE
                except (ValueError, IndexError):
                    return _IRREGULAR_LINE
                if s != last:
                    if found:  # a subject's types, shared by the nodes that have the same
                        key = tuple(sorted(set(found)) if len(found) > 1 else found)
                        types[last] = shared.setdefault(key, key)
                        found = []
                    if s < last:
                        status = _UNSORTED
                    elif s[:1] not in ("<", "_"):  # a space or a comment before the subject
                        return _IRREGULAR_LINE
                    last = s
                what = wanted.get(p)
                if what is None:
                    continue
                is_type, is_subclass, checks, step = what
                if is_type:
                    found.append(o)
                elif is_subclass:
                    superclasses.setdefault(s, []).append(o)
                if checks is not None:
                    before = targeted.get(o)
                    if before is None:
                        targeted[o] = checks
                    elif before is not checks and not set(checks) <= set(before):
                        targeted[o] = tuple(sorted(set(before) | set(checks)))
                if step is not None:
                    step.setdefault(s, []).append(o)
        if found:
            key = tuple(sorted(set(found)))
            types[last] = shared.setdefault(key, key)
        return status

    def closure(self, cls: str) -> frozenset[str]:
        """``cls`` and its superclasses, by ``rdfs:subClassOf*`` in the data."""
        found = self._closure.get(cls)
        if found is None:
            seen, todo = {cls}, [cls]
            while todo:
                for sup in self.superclasses.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            found = self._closure[cls] = frozenset(seen)
        return found

    def class_checks(self, cls: str) -> tuple[int, ...]:
        """The checks of the shapes that target the instances of ``cls`` (its superclasses' too)."""
        found = self._class_checks.get(cls)
        if found is None:
            by_class = self.compiled.by_class
            found = tuple(sorted({i for c in self.closure(cls) for i in by_class.get(c, ())}))
            self._class_checks[cls] = found
        return found

    def follow(self, nodes: Iterable[str], step: str) -> set[str]:
        out: set[str] = set()
        index = self.types if step == _RDF_TYPE else self.steps[step]
        for node in nodes:
            out.update(index.get(node, ()))
        return out

    def test(self, spec: ValueTest) -> Callable[[str], bool]:
        """A constraint as a function of one value node: True if it conforms."""
        kind, arg = spec
        if kind == "datatype":
            assert isinstance(arg, str)
            return _datatype_test(arg)
        if kind == "nodeKind":
            assert isinstance(arg, str)
            return lambda v: v[0] in arg
        if kind == "in":
            assert isinstance(arg, frozenset)
            return arg.__contains__
        if kind == "hasValue":
            return lambda v: v == arg
        if kind == "minLength":
            assert isinstance(arg, int)
            n = arg

            def long_enough(v: str) -> bool:
                if v[0] == "_":
                    return False
                return len(v) - 2 >= n if v[0] == "<" else len(lexical_form(v)) >= n

            return long_enough
        if kind == "class":
            assert isinstance(arg, str)
            cls, types, closure = arg, self.types, self.closure
            known: dict[tuple[str, ...], bool] = {}  # the nodes' type tuples are shared: few to test

            def instance(v: str) -> bool:
                found = types.get(v)
                if found is None:
                    return False
                ok = known.get(found)
                if ok is None:
                    ok = known[found] = any(cls in closure(t) for t in found)
                return ok

            return instance
        if kind == "or":
            assert isinstance(arg, tuple)
            members = [self.conforms(m) for m in arg]

            return lambda v: any(member(v) for member in members)
        raise AssertionError(kind)  # pragma: no cover - compile_shapes makes only these

    def tests(self, specs: Iterable[ValueTest]) -> list[Callable[[str], bool]]:
        return [self.test(spec) for spec in specs]

    def conforms(self, specs: tuple[ValueTest, ...]) -> Callable[[str], bool]:
        """Whether a value node conforms to a node shape (all its constraints)."""
        tests = self.tests(specs)
        if len(tests) == 1:
            return tests[0]
        return lambda v: all(t(v) for t in tests)


def _datatype_test(datatype: str) -> Callable[[str], bool]:
    if datatype == XSD + "string":
        return lambda v: v[0] == '"' and v[-1] == '"'
    suffix, well_formed = f'"^^<{datatype}>', WELL_FORMED[datatype]
    return lambda v: v[0] == '"' and v.endswith(suffix) and well_formed(lexical_form(v))


Block = dict[str, list[str]]
"""A subject's triples: predicate -> objects."""
Run = Callable[[str, Block], None]
_NO_VALUES: list[str] = []


def _runner(i: int, c: _Check, data: _Data, out: set[tuple[str, int, str | None]]) -> Run:
    """One check as a function of a focus node and its triples."""
    tests = data.tests(c.tests)
    add = out.add
    if not c.path:  # a node shape's own constraints: the focus node is the value node

        def run_node(focus: str, block: Block) -> None:
            for t in tests:
                if not t(focus):
                    add((focus, i, None))

        return run_node

    first, rest, follow, has_values = c.path[0], c.path[1:], data.follow, c.has_values
    low = c.min_count or 0
    high = c.max_count if c.max_count is not None else -1
    qualified = [(data.conforms(t), qmin or 0, qmax if qmax is not None else -1) for t, qmin, qmax in c.qualified]

    if not rest and not has_values and not qualified:  # most shapes: one step, counts and value tests

        def run_simple(focus: str, block: Block) -> None:
            values = block.get(first)
            if values is None:
                if low:
                    add((focus, i, None))
                return
            n = len(values) if len(values) == 1 else len(set(values))  # a line may repeat
            if n < low or n > high >= 0:
                add((focus, i, None))
            for t in tests:
                for v in values:
                    if not t(v):
                        add((focus, i, v))

        return run_simple

    def run(focus: str, block: Block) -> None:
        values: list[str] | set[str] = block.get(first, _NO_VALUES)
        for step in rest:
            values = follow(values, step)
        distinct = set(values)
        n = len(distinct)
        if n < low or n > high >= 0:
            add((focus, i, None))
        for t in tests:
            for v in distinct:
                if not t(v):
                    add((focus, i, v))
        for value in has_values:
            if value not in distinct:
                add((focus, i, None))
        for conforms, qlow, qhigh in qualified:
            q = 0
            for v in distinct:
                if conforms(v):
                    q += 1
            if q < qlow or q > qhigh >= 0:
                add((focus, i, None))

    return run


def check(compiled: CompiledShapes, nt: str | Sequence[str]) -> list[Result]:
    """Check N-Triples text (or its lines) against compiled shapes: every violation, once, sorted.

    It is read fastest as the build writes it: one triple per line, sorted (a
    subject's triples together); any other N-Triples is normalised and sorted
    first.
    """
    data, text = _Data(compiled), _Text(nt)
    status = data.read(text)
    if status != _READ:
        parse = status == _IRREGULAR_LINE
        lines = nt.split("\n") if isinstance(nt, str) else [line.rstrip("\n") for line in nt]
        text = _Text(sorted({f"{t} .\n" for line in lines for t in _canonical(line, parse)}))
        data = _Data(compiled)
        status = data.read(text)
        assert status == _READ, status
    found: set[tuple[str, int, str | None]] = set()
    runs = [_runner(i, c, data, found) for i, c in enumerate(compiled.checks)]
    plans: dict[tuple[object, ...], list[Run]] = {}
    targeted, types, by_subject_of = data.targeted_objects, data.types, compiled.by_subject_of
    no_types: tuple[str, ...] = ()

    def visit(focus: str, block: Block) -> None:
        node_types = types.get(focus, no_types)
        objects_of = targeted.pop(focus, None)
        key = (node_types, objects_of, *block)
        plan = plans.get(key)
        if plan is None:
            ids = set(objects_of or ())
            for t in node_types:
                ids.update(data.class_checks(t))
            for p in block:
                ids.update(by_subject_of.get(p, ()))
            plan = plans[key] = [runs[i] for i in sorted(ids)]
        for run in plan:
            run(focus, block)

    last, block = "", cast(Block, {})
    for lines in text:
        for line in lines:
            s, p, o = line.split(" ", 2)
            if s != last:
                if block:
                    visit(last, block)
                last, block = s, {}
            values = block.get(p)
            if values is None:
                block[p] = [o]
            else:
                values.append(o)
    if block:
        visit(last, block)
    for node in sorted(targeted):  # targeted objects that are the subject of no triple
        visit(node, {})
    checks = compiled.checks
    results = {(focus, checks[i].shape, checks[i].path_text, checks[i].message, value) for focus, i, value in found}
    return sorted(results, key=lambda r: (*r[:4], r[4] or ""))
