"""The base of the file formats' types (the answer file, the plan file, the rubric): frozen
msgspec Structs that pydantic validates and describes through their dataclass mirrors
(:mod:`samarbeid.mirror`), declared without importing pydantic (docs/architecture.md,
«Models without pydantic at run time»).

A valid file is read, scored and rendered with these classes alone; pydantic is imported only
to read a file the fast checks leave to it (an invalid file gets pydantic's errors, turned into
positioned messages by :mod:`samarbeid.parse.validation`), to check a rubric that is not cached,
and for ``samarbeid schema``. So what pydantic needs of a field beyond its type (a pattern, a
bound, a before-validator, a JSON Schema of its own, a description, the key a file writes it
under) is written in its ``Annotated`` type with :func:`rule` (or :func:`written_as`): the
pydantic metadata is made only when pydantic builds the schema. The modules that declare
records use ``from __future__ import annotations``, so their annotations stay text until
pydantic resolves them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

import msgspec

from samarbeid.mirror import FACTORY, Mirror, WrittenAs

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

_R = TypeVar("_R")


def _described(schema: dict[str, Any], kind: type[Any]) -> None:
    """A record's JSON Schema describes it by its docstring, as newer pydantic does itself and
    2.6 does not (a docstring its dataclass mirror wrote, its signature, is none)."""
    import inspect

    doc = kind.__doc__
    if doc and not doc.startswith(f"{kind.__name__}("):
        schema["description"] = inspect.cleandoc(doc)


class Record(msgspec.Struct, frozen=True):
    """What every record of a file format shares: pydantic reads it (its mirror) from a mapping
    strictly (no unknown key, no text for a number), its vocabulary fields laxly where they say
    so. A record with a ``functools.cached_property`` is declared with ``dict=True``: the
    property keeps its value in the instance's ``__dict__``, which neither equality nor pickling
    sees."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "strict": True,
        "json_schema_extra": _described,
    }

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)
        # (the hook of the record's dataclass mirror) A strict dataclass accepts only an
        # instance of itself; its fields stay strict.
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


def written_as(*keys: str) -> Any:
    """Metadata for a field a file writes under another key than the field's name (``in`` for
    ``values``), or under any of several (``problems`` or ``rules``):
    ``values: Annotated[list[Value], written_as("in")]``."""
    return WrittenAs(keys)


def key_of(name: str, hint: Any) -> str:
    """The key a file writes the field ``name`` with the type ``hint`` under (the first of
    several)."""
    for meta in getattr(hint, "__metadata__", ()):
        if isinstance(meta, WrittenAs):
            return meta.keys[0]
    return name


_ADAPTERS: dict[type[Any], tuple[Any, Callable[[Any], Any]]] = {}


def _adapter(kind: type[Any]) -> tuple[Any, Callable[[Any], Any]]:
    """pydantic's adapter of the mirror of ``kind``, and the way back to the records."""
    found = _ADAPTERS.get(kind)
    if found is None:
        from pydantic import TypeAdapter

        mirror = Mirror()
        found = _ADAPTERS[kind] = (TypeAdapter(mirror.swap(kind)), mirror.back)
    return found


def adapter(kind: type[Any]) -> TypeAdapter[Any]:
    """pydantic's validator and JSON Schema of a record's dataclass mirror (made once)."""
    return cast("TypeAdapter[Any]", _adapter(kind)[0])


def validated(kind: type[_R], data: Any) -> _R:
    """``data`` (parsed YAML or JSON) as a ``kind``, by pydantic (through its mirror): raises
    its ValidationError."""
    found, back = _adapter(kind)
    return cast("_R", back(found.validate_python(data)))


def names(kind: type[Any]) -> list[str]:
    """The field names of a record, in the order of the format."""
    return list(kind.__struct_fields__)


_DEFAULTS: dict[type[Any], dict[str, Any]] = {}


def defaults(kind: type[Any]) -> dict[str, Any]:
    """The default of each field of a record that has one (a :data:`FACTORY` for one made
    anew each time)."""
    found = _DEFAULTS.get(kind)
    if found is None:
        fields: tuple[str, ...] = kind.__struct_fields__
        given: tuple[Any, ...] = kind.__struct_defaults__
        found = _DEFAULTS[kind] = {
            name: default
            for name, default in zip(fields[len(fields) - len(given) :], given, strict=True)
            if default is not msgspec.NODEFAULT
        }
    return found


def data_of(record: Any, *, skip_defaults: bool = False) -> dict[str, Any]:
    """A record as plain data, the records inside it too (vocabulary members and dates stay
    as they are); with ``skip_defaults``, a field left at its default is left out."""
    out: dict[str, Any] = {}
    given = defaults(type(record))
    for name in record.__struct_fields__:
        value = getattr(record, name)
        if skip_defaults and name in given:
            default = given[name]
            if value == (default.factory() if isinstance(default, FACTORY) else default):
                continue
        out[name] = _plain(value, skip_defaults)
    return out


#: the types most values of a file are (an answer, a comment), taken as they are at once
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any, skip_defaults: bool) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:  # answers and comments: hundreds of scalars, seen in one pass
        return {k: v if type(v) in _SCALARS else _plain(v, skip_defaults) for k, v in value.items()}
    if isinstance(value, msgspec.Struct):
        return data_of(value, skip_defaults=skip_defaults)
    if isinstance(value, list):
        return [_plain(v, skip_defaults) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, skip_defaults) for k, v in value.items()}
    return value
