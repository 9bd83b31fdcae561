# SPDX-License-Identifier: MIT
"""mds: multi-document extractive summarization, from Python.

    >>> import mds
    >>> summary = mds.summarize(["First report ...", "Second report ..."], words=50)
    >>> for s in summary:
    ...     print(s.doc_id, s.offset, s.length, round(s.score, 2), s.text)

The module binds libmds, the C library behind the ``summarize`` program: the same pipeline,
the same parameters (one keyword each, generated from the library's own parameter table, with
its defaults and bounds) and byte for byte the same summaries.

Inputs (``docs``) are a sequence of any of:

* ``str``: the text of a document (never a file name: wrap paths in ``pathlib.Path``);
* ``bytes``: a document's raw bytes, decoded as the program decodes a file (UTF-8, a byte
  order mark, a declared charset, else Windows-1252 with a warning);
* ``(id, text)``: a document with its id (``text`` a ``str`` or ``bytes``);
* ``os.PathLike`` (``pathlib.Path``): a file (plain text, SGML with any number of documents,
  an HTML page) or a directory, every regular file of which is a document, as the program
  reads its operands.

A single ``str``, ``bytes`` or path may stand for a one-element sequence, and a mapping
``{id: text}`` for its items. The GIL is released while files are read and while
summarizing, so threads summarize in parallel (call ``set_blas_threads(1)`` when running one
summary per core).
"""
from __future__ import annotations

import inspect
import keyword as _keyword
import os
import warnings as _warnings
from dataclasses import dataclass
from typing import (Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence,
                    Tuple, Union)

from . import _mds

__all__ = [
    "summarize", "Summary", "Sentence", "Param", "PARAMS", "Model", "Rouge", "rouge",
    "rouge_average", "Score", "Average", "Error", "InputWarning", "BackendWarning",
    "set_blas_threads", "backends", "languages", "__version__",
]

__version__: str = _mds.version()

PathLike = Union[str, "os.PathLike[str]", "os.PathLike[bytes]"]
Text = Union[str, bytes]
Document = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]", Tuple[str, Text]]
Docs = Union[Document, Iterable[Document], Mapping[str, Text]]
Value = Union[int, float, bool, str, None]

# ---- errors ------------------------------------------------------------------------------------


class Error(Exception):
    """A failure of the library: ``status`` (the mds_status number, negative),
    ``status_name`` ("EINVAL"), ``message`` (the library's message, naming the file, the
    byte or the parameter and its bounds) and ``param`` (the keyword the failure is about,
    such as ``"memory"`` for a budget too small, else None)."""

    status: int
    status_name: str
    message: str
    param: Optional[str]

    def __init__(self, status: int, message: str, param: Optional[str] = None):
        super().__init__(message)
        self.status = status
        self.status_name = _STATUS_NAMES.get(status, str(status))
        self.message = message
        self.param = param

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return (type(self), (self.status, self.message, self.param))


# A class per status (from the header's table); some also derive from the built-in exception
# a Python user would catch for it.
_ERROR_BASES = {
    "EINVAL": ("InvalidArgumentError", ValueError),
    "ENOMEM": ("OutOfMemoryError", MemoryError),
    "EIO": ("InputOutputError", OSError),
    "ENOENT": ("NotFoundError", FileNotFoundError),
    "EUTF8": ("UTF8Error", ValueError),
    "EBINARY": ("BinaryInputError", ValueError),
    "EEMPTY": ("EmptyInputError", ValueError),
    "EFORMAT": ("FormatError", ValueError),
    "EMODEL": ("ModelError", ValueError),
    "ELANG": ("LanguageError", ValueError),
    "EBACKEND": ("BackendError", RuntimeError),
    "EINTERNAL": ("InternalError", RuntimeError),
    "ETOOBIG": ("TooBigError", ValueError),
}
_STATUS_NAMES: Dict[int, str] = {}
_ERRORS: Dict[int, type] = {}
for _name, _code, _msg in _mds.statuses():
    _STATUS_NAMES[_code] = _name
    if _code == 0:
        continue
    _cls_name, _base = _ERROR_BASES.get(_name, ("Error" + _name, Exception))
    _cls = type(_cls_name, (Error, _base) if _base is not Exception else (Error,),
                {"__doc__": "mds_status MDS_%s (%d): %s." % (_name, _code, _msg),
                 "__module__": __name__})
    _ERRORS[_code] = _cls
    globals()[_cls_name] = _cls
    __all__.append(_cls_name)


def _error(status: int, message: str, param: Optional[str]) -> Error:
    return _ERRORS.get(status, Error)(status, message, param)


_mds.set_error_factory(_error)


class InputWarning(UserWarning):
    """How an input was read that its reader should know (not UTF-8, read as Windows-1252)."""


class BackendWarning(RuntimeWarning):
    """What went wrong on the way without failing the run (a GPU failure the CPU redid)."""


# ---- parameters --------------------------------------------------------------------------------

_TYPES = {
    _mds.TYPE_INT: "int", _mds.TYPE_SIZE: "size", _mds.TYPE_BYTES: "bytes",
    _mds.TYPE_DOUBLE: "double", _mds.TYPE_BOOL: "bool", _mds.TYPE_ENUM: "enum",
    _mds.TYPE_SELECTOR: "selector", _mds.TYPE_STRING: "string",
}
_PY_TYPES = {"int": int, "size": int, "bytes": Union[int, str], "double": float,
             "bool": bool, "enum": str, "selector": str, "string": Optional[str]}


@dataclass(frozen=True)
class Param:
    """One row of the library's parameter table (MDS_PARAM_MAP in mds.h).

    ``keyword`` is the keyword of ``summarize``: the table's name, dashes as underscores,
    and an underscore after a Python keyword (``lambda_``; ``**{"lambda": x}`` works too);
    ``type`` one of int, size, bytes (a size: an int, or text such as "4G"), double, bool,
    enum, selector (a name of ``choices``) or string; ``lo`` and ``hi`` the bounds of a
    number, each inclusive unless ``open_lo`` / ``open_hi``."""

    id: int
    name: str
    keyword: str
    type: str
    flag: Optional[str]
    default: Value
    lo: Optional[float]
    hi: Optional[float]
    open_lo: bool
    open_hi: bool
    choices: Optional[Tuple[str, ...]]
    help: str

    def bounds(self) -> str:
        """The bounds as the manual writes them ("[0, 1)"), or "" for none."""
        if self.choices is not None:
            return "|".join(self.choices)
        if self.lo is None or self.type == "bool":
            return ""
        return "%s%s, %s%s" % ("(" if self.open_lo else "[", _num(self.lo), _num(self.hi),
                               ")" if self.open_hi else "]")


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) and abs(x) < 2**63 else repr(x)


def _table() -> Dict[str, Param]:
    defaults = _mds.params_of(())
    out: Dict[str, Param] = {}
    for (pid, name, ptype, flag, _metavar, _default, lo, hi, open_, names, help_) in \
            _mds.params():
        t = _TYPES.get(ptype, "string")
        kw = name.replace("-", "_")
        if _keyword.iskeyword(kw):
            kw += "_"  # lambda_, as PEP 8 has it; "lambda" works through **{"lambda": x}
        out[kw] = Param(id=pid, name=name, keyword=kw, type=t, flag=flag,
                        default=defaults[name], lo=lo, hi=hi,
                        open_lo=bool(open_ & _mds.OPEN_LO), open_hi=bool(open_ & _mds.OPEN_HI),
                        choices=names, help=help_ or "")
    return out


PARAMS: Dict[str, Param] = _table()
"""Every parameter of the library, by keyword, in the table's order."""
_BY_NAME: Dict[str, Param] = {p.name: p for p in PARAMS.values()}

_UNITS = ("words", "bytes", "sentences")


def _param_text(fn: str, p: Param, v: Any) -> Optional[str]:
    """The value as text for mds_params_set_string, which parses and checks it; TypeError
    for a value of the wrong type (the bounds are the library's to check)."""
    def bad(want: str):
        raise TypeError("%s(): %s must be %s, not %s" % (fn, p.keyword, want, type(v).__name__))
    if p.type in ("int", "size"):
        if isinstance(v, bool) or not isinstance(v, int):
            bad("an int")
        return str(v)
    if p.type == "bytes":
        if isinstance(v, bool) or not isinstance(v, (int, str)):
            bad("an int or a size such as \"4G\"")
        return str(v)
    if p.type == "double":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            bad("a number")
        return repr(float(v))
    if p.type == "bool":
        if not isinstance(v, bool) and v not in (0, 1):
            bad("a bool")
        return "1" if v else "0"
    if p.type in ("enum", "selector"):
        if not isinstance(v, str):
            bad("one of " + ", ".join(p.choices or ()))
        return v
    if v is not None and not isinstance(v, str):
        bad("a str or None")
    return v


def _param_pairs(fn: str, values: Mapping[str, Any]) -> List[Tuple[int, Optional[str]]]:
    pairs = []
    for kw, v in values.items():
        p = PARAMS.get(kw) or _BY_NAME.get(kw)
        if p is None:
            raise TypeError("%s() got an unexpected keyword argument %r" % (fn, kw))
        if v is None and p.type != "string":
            continue  # None: the default
        pairs.append((p.id, _param_text(fn, p, v)))
    return pairs


def _length(fn: str, words, sentences, nbytes, params: Dict[str, Any]) -> None:
    given = [(u, n) for u, n in zip(_UNITS, (words, nbytes, sentences)) if n is not None]
    if len(given) > 1:
        raise TypeError("%s(): give one of words, bytes and sentences, not %s" %
                        (fn, " and ".join(u for u, _ in given)))
    if given:
        if "unit" in params or "budget" in params:
            raise TypeError("%s(): %s with unit or budget: give one length" % (fn, given[0][0]))
        params["unit"], params["budget"] = given[0]


# ---- inputs ------------------------------------------------------------------------------------


def _text_bytes(fn: str, what: str, t: Any) -> bytes:
    if isinstance(t, str):
        return t.encode("utf-8")
    if isinstance(t, (bytes, bytearray, memoryview)):
        return bytes(t)
    raise TypeError("%s(): %s must be str or bytes, not %s" % (fn, what, type(t).__name__))


def _inputs(fn: str, docs: Docs) -> List[Tuple[bytes, Optional[bytes]]]:
    if isinstance(docs, (str, bytes, bytearray, memoryview, os.PathLike)):
        docs = [docs]
    elif isinstance(docs, Mapping):
        docs = list(docs.items())
    try:
        items = list(docs)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError("%s(): docs must be texts, (id, text) pairs or paths, not %s" %
                        (fn, type(docs).__name__)) from None
    out: List[Tuple[bytes, Optional[bytes]]] = []
    for i, d in enumerate(items):
        if isinstance(d, os.PathLike):
            out.append((os.fsencode(d), None))
        elif isinstance(d, (str, bytes, bytearray, memoryview)):
            # named as the library names a JSON document without an id
            out.append((b"doc%d" % i, _text_bytes(fn, "a document", d)))
        elif isinstance(d, tuple) and len(d) == 2:
            did, text = d
            if not isinstance(did, str) or not did:
                raise TypeError("%s(): a document id must be a non-empty str, not %r" % (fn, did))
            out.append((did.encode("utf-8"), _text_bytes(fn, "the text of %r" % did, text)))
        else:
            raise TypeError("%s(): document %d is a %s; give a str (text), bytes, an "
                            "(id, text) pair or a pathlib.Path" % (fn, i, type(d).__name__))
    return out


# ---- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence of a summary.

    ``text``: the sentence (its source bytes as UTF-8; for an HTML page the article's text);
    ``doc``: the document's position in the cluster, from 0; ``doc_id``: its id (the id given
    with the text, DOCNO for SGML, the file's base name, ``doc<i>`` for the i-th of ``docs``
    given as bare text); ``path``: the file it came from, or the name an in-memory text stands
    under; ``date``: the document's date, if it has one; ``index``: the sentence's position in
    its document; ``offset`` and ``length``: the bytes ``[offset, offset + length)`` of the
    source (the file's bytes; a ``str``'s UTF-8 encoding) that are the sentence; ``words``:
    what it takes of a word budget; ``score``: its LexRank centrality, the mean sentence
    scoring 1; ``relevance``: its relevance to the query, from 0 to 1 (0 without one)."""

    text: str
    doc: int
    doc_id: str
    path: str
    date: Optional[str]
    index: int
    offset: int
    length: int
    words: int
    score: float
    relevance: float = 0.0


_FORMATS = {"text": _mds.FORMAT_TEXT, "json": _mds.FORMAT_JSON, "jsonl": _mds.FORMAT_JSONL,
            "html": _mds.FORMAT_HTML}


class Summary(List[Sentence]):
    """The sentences of a summary, in summary order (a list), with ``params`` (every
    parameter in effect, as the run resolved them: the backend, the language), ``stats``
    (the run's statistics), ``warnings`` (how inputs were read) and ``render()``. ``str()``
    is the text output: one sentence a line, whitespace collapsed, as ``summarize`` prints.
    It pickles (to return from a process pool) with its text, JSON and JSONL renderings; the
    HTML report only renders where the summary was made."""

    params: Dict[str, Value]
    stats: Dict[str, Any]
    warnings: List[str]

    def __init__(self, result: Any, warnings: Sequence[str]):
        super().__init__(Sentence(*row) for row in result.sentences())
        self._result = result
        self._rendered: Dict[str, str] = {}
        self.params = result.params()
        self.stats = result.stats()
        self.warnings = list(warnings)

    def render(self, format: str = "text") -> str:
        """The summary as the program writes it: ``text`` (one sentence a line), ``json``,
        ``jsonl`` or ``html`` (a self-contained page; its documents need ``report=True``)."""
        f = _FORMATS.get(format)
        if f is None:
            raise ValueError("render(): format must be one of %s, not %r" %
                             (", ".join(_FORMATS), format))
        if format in self._rendered:
            return self._rendered[format]
        if self._result is None:
            raise ValueError("render(): a summary brought back from a pickle renders text, "
                             "json and jsonl only")
        return self._result.render(f).decode("utf-8", "replace")

    def __str__(self) -> str:
        return self.render("text")

    def __repr__(self) -> str:
        return "Summary(%s)" % list.__repr__(self)

    def __reduce__(self):
        rendered = {f: self.render(f) for f in ("text", "json", "jsonl")}
        return (_unpickle_summary, (list(self), self.params, self.stats, self.warnings,
                                    rendered))


def _unpickle_summary(sentences, params, stats, warnings, rendered) -> Summary:
    s = Summary.__new__(Summary)
    list.extend(s, sentences)
    s._result = None
    s._rendered = dict(rendered)
    s.params, s.stats, s.warnings = params, stats, list(warnings)
    return s


# ---- models ------------------------------------------------------------------------------------


class Model:
    """A model: document frequencies and the embedding's shape, loaded once and shared
    read-only by every summary that names it (``summarize(docs, model=m)``), from any
    number of threads. ``Model()`` is the built-in English model, ``Model(path)`` one made by
    ``Model.build`` or ``summarize model build``."""

    def __init__(self, path: Optional[PathLike] = None):
        self.path: Optional[str] = None if path is None else os.fsdecode(path)
        self._core = _mds.Model(None if path is None else os.fsencode(path))

    def __repr__(self) -> str:
        return "Model(%r)" % self.path if self.path else "Model()"

    @classmethod
    def build(cls, corpus: Union[PathLike, Sequence[PathLike]], out: PathLike, *,
              lang: Optional[str] = None, bucket_bits: Optional[int] = None,
              dimensions: Optional[int] = None, seed: Optional[int] = None,
              bigrams: Optional[bool] = None, idf_blend: Optional[float] = None,
              latin1: Optional[bool] = None, stopwords: Optional[PathLike] = None,
              abbreviations: Optional[PathLike] = None,
              phrases: Optional[PathLike] = None) -> "Model":
        """Trains a model on a background corpus (files, or directories of files, as
        ``summarize model build`` reads them), writes it to ``out`` and returns it loaded.
        None for an option is the library's default."""
        paths = [corpus] if isinstance(corpus, (str, bytes, os.PathLike)) else list(corpus)
        if not paths:
            raise ValueError("Model.build(): no corpus")
        d = dict(_mds.model_defaults())
        given = {"lang": lang, "bucket_bits": bucket_bits, "dimensions": dimensions,
                 "seed": seed, "bigrams": bigrams, "idf_blend": idf_blend, "latin1": latin1}
        for k, v in given.items():
            if v is None:
                continue
            want = type(d[k])
            if want is bool:
                if not isinstance(v, bool) and v not in (0, 1):
                    raise TypeError("Model.build(): %s must be a bool" % k)
            elif want is float:
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    raise TypeError("Model.build(): %s must be a number" % k)
                v = float(v)
            elif not isinstance(v, want) or isinstance(v, bool):
                raise TypeError("Model.build(): %s must be %s, not %s" %
                                (k, want.__name__, type(v).__name__))
            d[k] = v
        for k, hi in (("bucket_bits", 2**32 - 1), ("dimensions", 2**32 - 1), ("seed", 2**64 - 1)):
            if not 0 <= d[k] <= hi:
                raise _error(-1, "Model.build(): %s %d out of range [0, %d]" % (k, d[k], hi), None)

        def opt(p):
            return None if p is None else os.fsencode(p)
        _mds.model_build([os.fsencode(p) for p in paths], os.fsencode(out), d["lang"],
                         d["bucket_bits"], d["dimensions"], d["seed"], bool(d["bigrams"]),
                         d["idf_blend"], bool(d["latin1"]), opt(stopwords), opt(abbreviations),
                         opt(phrases))
        return cls(out)


def _model_build_doc() -> None:
    d = _mds.model_defaults()
    Model.build.__func__.__doc__ += (  # type: ignore[attr-defined]
        "\n\n        Defaults: " + ", ".join("%s=%r" % kv for kv in d.items()) + ".")


_model_build_doc()

# ---- summarize ---------------------------------------------------------------------------------


def summarize(docs: Docs, words: Optional[int] = None, *, sentences: Optional[int] = None,
              bytes: Optional[int] = None, model: Optional[Model] = None,
              query: Optional[str] = None, **params: Value) -> Summary:
    """Summarizes one cluster of documents on one topic.

    ``docs``: see the module's help (str is text; pathlib.Path a file or a directory).
    ``words``, ``bytes``, ``sentences``: the length, one of them (none: ``budget`` in
    ``unit``, 100 words). ``model``: a ``Model`` (default: the built-in English one).
    ``query``: the question the summary should answer (a DUC topic's title, then its
    narrative on the next lines), as ``summarize --query``; None or "" for a generic summary.
    Every parameter of the library is a keyword with its default and bounds (listed below);
    None for one is its default. Raises ``mds.Error`` (a subclass per status) for bad input
    or a value out of bounds, TypeError for a keyword that is not a parameter or a value of
    the wrong type. Warnings of how inputs were read are issued as ``InputWarning``.
    """
    values = dict(params)
    _length("summarize", words, sentences, bytes, values)
    pairs = _param_pairs("summarize", values)
    if model is not None and not isinstance(model, Model):
        raise TypeError("summarize(): model must be an mds.Model, not %s" % type(model).__name__)
    inputs = _inputs("summarize", docs)
    if query is not None and not isinstance(query, str):
        raise TypeError("summarize(): query must be a str, not %s" % type(query).__name__)
    result, warns = _mds.summarize(inputs, pairs, None if model is None else model._core,
                                   query or None)
    summary = Summary(result, warns)
    for w in warns:
        _warnings.warn(w, InputWarning, stacklevel=2)
    backend_warning = summary.stats.get("warning")
    if backend_warning:
        _warnings.warn(backend_warning, BackendWarning, stacklevel=2)
    return summary


def _summarize_signature() -> None:
    """summarize's signature and help, from the table: a keyword per parameter."""
    sig = inspect.signature(summarize)
    ps = [p for p in sig.parameters.values() if p.kind != p.VAR_KEYWORD]
    lines = []
    for p in PARAMS.values():
        ps.append(inspect.Parameter(p.keyword, inspect.Parameter.KEYWORD_ONLY,
                                    default=p.default, annotation=_PY_TYPES[p.type]))
        b = p.bounds()
        lines.append("    %s=%r%s: %s" % (p.keyword, p.default, " in " + b if b else "", p.help))
    summarize.__signature__ = sig.replace(parameters=ps)  # type: ignore[attr-defined]
    summarize.__doc__ = (summarize.__doc__ or "") + "\n    Parameters:\n" + "\n".join(lines) + "\n"


_summarize_signature()

# ---- ROUGE -------------------------------------------------------------------------------------


class Score(NamedTuple):
    """One ROUGE figure of one summary, as ROUGE-1.5.5 prints it with -d (recall, precision
    and F to 5 decimals) and the counts behind it."""

    recall: float
    precision: float
    f: float
    model_count: float = 0.0
    peer_count: float = 0.0
    hits: float = 0.0


class Average(NamedTuple):
    """An average over summaries as ROUGE-1.5.5 reports it: the bootstrap mean and the
    confidence interval, each a Score of (recall, precision, f); ``n`` summaries."""

    mean: Score
    lo: Score
    hi: Score
    n: int


def _metric_names(skip: int) -> Tuple[str, ...]:
    return ("ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-SU*" if skip < 0 else "ROUGE-SU%d" % skip)


_METRIC_BITS = {"1": _mds.ROUGE_1, "2": _mds.ROUGE_2, "L": _mds.ROUGE_L, "SU": _mds.ROUGE_SU}


class Rouge:
    """A ROUGE-1.5.5 evaluator with ``summarize eval``'s defaults (-n 2 -2 4 -u -m -f A -p
    0.5): its options, word lists and caches of tokens and stems, kept for many ``score``
    calls. ``words`` / ``bytes``: only the first N of each summary (ROUGE -l / -b);
    ``stem``: Porter stemming (-m); ``remove_stopwords`` (-s), with ``stopwords`` a list
    file (default $ROUGE_HOME's); ``exceptions``: WordNet *.exc folder for stemming (None:
    $ROUGE_HOME's when present, "": none); ``skip``: ROUGE-SU's skip distance (-2; -1: any);
    ``alpha``: F's weight (-p); ``best_model``: -f B; ``metrics``: some of "1", "2", "L",
    "SU" (default all; ROUGE-L is the costly one). Safe to share between threads (one
    score at a time)."""

    def __init__(self, *, words: Optional[int] = None, bytes: Optional[int] = None,
                 stem: bool = True, remove_stopwords: bool = False,
                 stopwords: Optional[PathLike] = None, exceptions: Optional[PathLike] = None,
                 skip: int = 4, skip_unigrams: bool = True, alpha: float = 0.5,
                 best_model: bool = False, metrics: Optional[Iterable[str]] = None):
        if words is not None and bytes is not None:
            raise TypeError("Rouge(): give words or bytes, not both")
        mask = 0
        for m in metrics or ():
            if m.upper() not in _METRIC_BITS:
                raise ValueError("Rouge(): metric %r is not one of 1, 2, L, SU" % (m,))
            mask |= 1 << _METRIC_BITS[m.upper()]
        self.metrics = _metric_names(skip)
        self._mask = mask
        self._core = _mds.Rouge(bool(stem), bool(remove_stopwords or stopwords is not None),
                                None if stopwords is None else os.fsencode(stopwords),
                                None if exceptions is None else os.fsencode(exceptions),
                                words or 0, bytes or 0, int(skip), bool(skip_unigrams),
                                float(alpha), bool(best_model), mask)

    @property
    def warning(self) -> Optional[str]:
        """What to know of the set-up (stemming without WordNet's exceptions), or None."""
        return self._core.warning()

    def score(self, summary: Union[str, Summary, "os.PathLike[str]"],
              references: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]
              ) -> Dict[str, Score]:
        """Scores one summary against its references: {"ROUGE-1": Score, "ROUGE-2", "ROUGE-L",
        "ROUGE-SU4"}. A summary or reference is text (one sentence a line), a ``Summary``
        (its text output) or a path to a file (text, or ROUGE's SEE html)."""
        refs = [references] if isinstance(references, (str, os.PathLike)) else list(references)
        if all(isinstance(x, os.PathLike) for x in [summary] + refs):
            rows = self._core.score_files(os.fsencode(summary),
                                          [os.fsencode(r) for r in refs])
        else:
            rows = self._core.score_texts(_summary_bytes(summary),
                                          [_summary_bytes(r) for r in refs])
        out = {}
        for i, (name, row) in enumerate(zip(self.metrics, rows)):
            if not self._mask or self._mask & (1 << i):
                out[name] = Score(*row)
        return out


def _summary_bytes(x: Any) -> bytes:
    if isinstance(x, Summary):
        return x.render("text").encode("utf-8")
    if isinstance(x, os.PathLike):
        with open(x, "rb") as f:
            return f.read()
    return _text_bytes("rouge", "a summary", x)


def rouge(summary: Union[str, Summary, "os.PathLike[str]"],
          references: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
          **options: Any) -> Dict[str, Score]:
    """ROUGE-1.5.5's scores of one summary against its references, as ``summarize eval``
    computes them: ``Rouge(**options).score(summary, references)``."""
    return Rouge(**options).score(summary, references)


def rouge_average(scores: Sequence[Score], samples: int = 1000,
                  confidence: float = 95.0) -> Average:
    """The average of many summaries' scores of one metric as ROUGE-1.5.5 (and ``summarize
    eval``) reports it: the mean of ``samples`` bootstrap means, seeded as ROUGE seeds them,
    and the ``confidence`` (percent) interval; ``samples=0``: the plain mean. ``scores`` in
    ROUGE's order of evaluations (byte order of "CLUSTER.SYSTEM")."""
    mean, lo, hi, n = _mds.bootstrap([(s[0], s[1], s[2]) for s in scores], samples, confidence)
    return Average(Score(*mean), Score(*lo), Score(*hi), n)


# ---- the rest of the library -------------------------------------------------------------------


def set_blas_threads(n: int) -> None:
    """Threads the CPU backend's BLAS may use for one call, process-wide (n >= 1): 1 when
    summarizing in one thread per core."""
    _mds.set_blas_threads(n)


def backends() -> Tuple[str, ...]:
    """The compute backends built into the library, in the order ``auto`` tries them."""
    return _mds.backends()


def languages() -> Tuple[Tuple[str, Optional[str]], ...]:
    """The languages with their own rules: (English name, ISO 639-1 code) pairs."""
    return _mds.languages()
