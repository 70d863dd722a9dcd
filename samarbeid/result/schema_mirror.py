"""Standard-library dataclass mirrors of the result's msgspec Structs, for pydantic's JSON Schema.

The result classes are ``msgspec.Struct`` classes (cheap to define at import and to make by the
thousand; docs/architecture.md, «The result: msgspec Structs»). pydantic cannot read a Struct,
and the JSON Schema of the report (``samarbeid schema report``) is pydantic's description of the
result. :func:`mirror` gives pydantic, only when a schema is asked for, an equivalent frozen
dataclass of each Struct: the same name, module, qualname and docstring; the same fields in the
same order, with the same types (a Struct inside a type replaced by its mirror, through list,
tuple, dict, ``Union``, ``X | None`` and ``Annotated``) and the same defaults. A tagged Struct
(the evidence) gets its tag field first, with the tag as a fixed default, as msgspec writes it.
So the schema is byte for byte the one pydantic gave when the result was made of dataclasses.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import sys
import types
import typing
from typing import Any, Literal

import msgspec

#: how a Struct holds a default made by a factory (``= []``), in its ``__struct_defaults__``
_FACTORY: Any = type(msgspec.defstruct("_", [("x", list, [])]).__struct_defaults__[0])


def mirror(kind: Any, namespace: dict[str, Any] | None = None) -> Any:
    """``kind`` with every Struct class in it replaced by its dataclass mirror (made anew on
    each call). ``namespace`` holds names the Structs' modules import for types only."""
    return _Mirror(namespace or {}).swap(kind)


class _Mirror:
    """One mirroring: each Struct's mirror, made once."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace
        self.made: dict[type[msgspec.Struct], type[Any]] = {}

    def swap(self, kind: Any) -> Any:
        """``kind`` with its Structs replaced by their mirrors (``kind`` itself when it has none)."""
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            made = self.made.get(kind)
            if made is None:
                made = self.made[kind] = self.dataclass_of(kind)
            return made
        args = typing.get_args(kind)
        if not args:
            return kind
        origin = typing.get_origin(kind)
        if origin is typing.Annotated:
            inner = self.swap(args[0])
            annotated = (inner, *kind.__metadata__)
            return kind if inner is args[0] else typing.Annotated[annotated]
        swapped = tuple(self.swap(a) for a in args)
        if all(new is old for new, old in zip(swapped, args, strict=True)):
            return kind
        if origin is types.UnionType:
            return functools.reduce(operator.or_, swapped)
        if origin is typing.Union:
            return typing.Union[swapped]
        return types.GenericAlias(origin, swapped)  # list, tuple, dict

    def dataclass_of(self, struct: type[msgspec.Struct]) -> type[Any]:
        """The frozen dataclass that pydantic describes as it would have described ``struct``."""
        hints = typing.get_type_hints(
            struct, vars(sys.modules[struct.__module__]), self.namespace, include_extras=True
        )
        fields: list[tuple[str, Any, Any]] = []
        config = struct.__struct_config__
        if config.tag_field is not None:
            tag = config.tag
            fields.append((config.tag_field, Literal[tag], dataclasses.field(default=tag, init=False)))
        # the fields by name and default (msgspec.structs.fields would resolve the types in the
        # Struct's module alone, where a name imported for types only is missing)
        names = struct.__struct_fields__
        defaults = struct.__struct_defaults__
        for i, name in enumerate(names):
            d = i - (len(names) - len(defaults))
            if d < 0:
                spec = dataclasses.field()
            elif isinstance(defaults[d], _FACTORY):
                spec = dataclasses.field(default_factory=defaults[d].factory)
            else:
                spec = dataclasses.field(default=defaults[d])
            fields.append((name, self.swap(hints[name]), spec))
        return dataclasses.make_dataclass(
            struct.__name__,
            fields,
            frozen=True,
            namespace={
                "__module__": struct.__module__,
                "__qualname__": struct.__qualname__,
                "__doc__": struct.__doc__,
            },
        )
