"""The base of the file formats' types (the answer file, the plan file, the rubric): frozen
standard-library dataclasses that pydantic validates and describes, declared without importing
pydantic (docs/architecture.md, «Models without pydantic at run time»).

A valid file is read, scored and rendered with these classes alone; pydantic is imported only
to read a file the fast checks leave to it (an invalid file gets pydantic's errors, turned into
positioned messages by :mod:`samarbeid.parse.validation`), to check a rubric that is not cached,
and for ``samarbeid schema``. So what pydantic needs of a field beyond its type (a pattern, a
bound, a before-validator, a JSON Schema of its own, a description) is written with
:func:`rule`: the pydantic metadata is made only when pydantic builds the schema. The modules
that declare records use ``from __future__ import annotations``, so their annotations stay text
until pydantic resolves them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

_R = TypeVar("_R")


def _described(schema: dict[str, Any], kind: type[Any]) -> None:
    """A record's JSON Schema describes it by its docstring, as newer pydantic does itself and
    2.6 does not (a docstring the dataclass wrote, its signature, is none)."""
    import inspect

    doc = kind.__doc__
    if doc and not doc.startswith(f"{kind.__name__}("):
        schema["description"] = inspect.cleandoc(doc)


class Record:
    """What every record of a file format shares: pydantic reads it from a mapping strictly
    (no unknown key, no text for a number), its vocabulary fields laxly where they say so."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "strict": True,
        "json_schema_extra": _described,
    }

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)
        # A strict dataclass accepts only an instance of itself; its fields stay strict.
        cast("dict[str, Any]", schema)["strict"] = False
        return schema


class _Rule:
    """pydantic metadata for a field's type, made when pydantic builds the schema: a group of
    metadata (``annotated_types.GroupedMetadata``), which pydantic unpacks where it stands."""

    __slots__ = ("make",)
    __is_annotated_types_grouped_metadata__ = True

    def __init__(self, make: Callable[[], Sequence[Any]]) -> None:
        self.make = make

    def __iter__(self) -> Iterator[Any]:
        return iter(self.make())


def rule(make: Callable[[], Sequence[Any]]) -> Any:
    """Metadata for ``Annotated[type, rule(lambda: [...])]``: ``make`` imports pydantic and
    gives the metadata pydantic reads (``Field(pattern=…)``, ``Strict(False)``, a
    ``BeforeValidator``…); it is called only when pydantic builds a schema."""
    return _Rule(make)


class _Metadata(Mapping[str, Any]):
    """A dataclass field's metadata, which pydantic reads as arguments of its ``Field``: made
    when it is first read."""

    __slots__ = ("made", "make")

    def __init__(self, make: Callable[[], dict[str, Any]]) -> None:
        self.make = make
        self.made: dict[str, Any] | None = None

    def _items(self) -> dict[str, Any]:
        if self.made is None:
            self.made = self.make()
        return self.made

    def __getitem__(self, key: str) -> Any:
        return self._items()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())


def written_as(*keys: str) -> Any:
    """A field a file writes under another key than the field's name (``in`` for ``values``),
    or under any of several (``problems`` or ``rules``): ``field = written_as("in")``."""

    def make() -> dict[str, Any]:
        if len(keys) == 1:
            return {"alias": keys[0]}
        from pydantic import AliasChoices

        return {"validation_alias": AliasChoices(*keys)}

    return dataclasses.field(metadata=_Metadata(make))


_ADAPTERS: dict[type[Any], Any] = {}


def adapter(kind: type[_R]) -> TypeAdapter[_R]:
    """pydantic's validator and JSON Schema of a record (made once)."""
    found = _ADAPTERS.get(kind)
    if found is None:
        from pydantic import TypeAdapter

        found = _ADAPTERS[kind] = TypeAdapter(kind)
    return cast("TypeAdapter[_R]", found)


def validated(kind: type[_R], data: Any) -> _R:
    """``data`` (parsed YAML or JSON) as a ``kind``, by pydantic: raises its ValidationError."""
    return adapter(kind).validate_python(data)


def names(kind: type[Any]) -> list[str]:
    """The field names of a record, in the order of the format."""
    return [f.name for f in dataclasses.fields(kind)]


def data_of(record: Any, *, skip_defaults: bool = False) -> dict[str, Any]:
    """A record as plain data, the records inside it too (vocabulary members and dates stay
    as they are); with ``skip_defaults``, a field left at its default is left out."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if skip_defaults and f.default is not dataclasses.MISSING and value == f.default:
            continue
        if skip_defaults and f.default_factory is not dataclasses.MISSING and value == f.default_factory():
            continue
        out[f.name] = _plain(value, skip_defaults)
    return out


#: the types most values of a file are (an answer, a comment), taken as they are at once
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any, skip_defaults: bool) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:  # answers and comments: hundreds of scalars, seen in one pass
        return {k: v if type(v) in _SCALARS else _plain(v, skip_defaults) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return data_of(value, skip_defaults=skip_defaults)
    if isinstance(value, list):
        return [_plain(v, skip_defaults) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, skip_defaults) for k, v in value.items()}
    return value
