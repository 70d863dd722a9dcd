"""Standard-library dataclass mirrors of msgspec Structs, for pydantic: the one place pydantic
meets the Structs (docs/architecture.md, «Models without pydantic at run time»).

Every class samarbeid reads from a file or writes as a report is a frozen ``msgspec.Struct``:
cheap to define at import and to make by the thousand. pydantic cannot read a Struct, and it is
pydantic that validates a file the fast checks leave to it (an answer file, a plan file, a
rubric that is not cached) and describes the formats and the report as JSON Schema. A
:class:`Mirror` gives pydantic, only then, an equivalent frozen dataclass of each Struct: the
same name, module, qualname and docstring; the same fields in the same order, with the same
types (a Struct inside a type replaced by its mirror, through list, tuple, dict, ``Union``,
``X | None`` and ``Annotated``) and the same defaults; a record's pydantic configuration and
core-schema hook (:class:`samarbeid.record.Record`). A tagged Struct (the evidence) gets its tag
field first, with the tag as a fixed default, as msgspec writes it. So a schema is byte for byte
the one pydantic gave when these classes were dataclasses, and so is every validation error.
What pydantic validates into mirrors becomes the Structs again by :meth:`Mirror.back`.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import types
import typing
from typing import Any, Literal, cast

import msgspec

#: how a Struct holds a default made by a factory (``= []``), in its ``__struct_defaults__``
FACTORY: Any = type(msgspec.defstruct("_", [("x", list, [])]).__struct_defaults__[0])


class WrittenAs:
    """The keys a field is written under in a file (:func:`samarbeid.record.written_as`): its
    dataclass mirror gives them to pydantic as the field's alias."""

    __slots__ = ("keys",)

    def __init__(self, keys: tuple[str, ...]) -> None:
        self.keys = keys

    def metadata(self) -> dict[str, Any]:
        """The mirror's field metadata, which pydantic reads as arguments of its ``Field``."""
        if len(self.keys) == 1:
            return {"alias": self.keys[0]}
        from pydantic import AliasChoices

        return {"validation_alias": AliasChoices(*self.keys)}


#: what a Struct's class may declare for pydantic, carried over to its mirror
_PYDANTIC_HOOKS = ("__pydantic_config__", "__get_pydantic_core_schema__")


def mirror(kind: Any, namespace: dict[str, Any] | None = None) -> Any:
    """``kind`` with every Struct class in it replaced by its dataclass mirror (made anew on
    each call). ``namespace`` holds names the Structs' modules import for types only."""
    return Mirror(namespace).swap(kind)


class Mirror:
    """One mirroring: each Struct's mirror, made once, and the way back."""

    def __init__(self, namespace: dict[str, Any] | None = None) -> None:
        self.namespace = namespace or {}
        self.made: dict[type[msgspec.Struct], type[Any]] = {}
        #: each mirror's Struct
        self.structs: dict[type[Any], type[msgspec.Struct]] = {}

    def swap(self, kind: Any) -> Any:
        """``kind`` with its Structs replaced by their mirrors (``kind`` itself when it has none)."""
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            made = self.made.get(kind)
            return self.dataclass_of(kind) if made is None else made
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

    def back(self, value: Any) -> Any:
        """``value`` (what pydantic made of a mirrored type) with each mirror instance in it
        replaced by its Struct, through lists, tuples and dicts."""
        kind = type(value)
        struct = self.structs.get(kind)
        if struct is not None:
            back = self.back
            return struct(**{name: back(getattr(value, name)) for name in struct.__struct_fields__})
        if kind is list:
            return [self.back(v) for v in value]
        if kind is dict:
            return {k: self.back(v) for k, v in value.items()}
        if kind is tuple:
            return tuple(self.back(v) for v in value)
        return value

    def dataclass_of(self, struct: type[msgspec.Struct]) -> type[Any]:
        """The frozen dataclass that pydantic reads and describes as it would ``struct``. Its
        fields get their types once it is made and known, so that a Struct inside itself (a
        rubric's ``all:`` of conditions) is its mirror too."""
        # each class's annotations in its own module (a base's too), with the names the Structs
        # import for types only (msgspec.structs.fields would resolve the types in the Struct's
        # module alone, where such a name is missing)
        hints = typing.get_type_hints(struct, None, self.namespace, include_extras=True)
        fields: list[tuple[str, Any, Any]] = []
        config = struct.__struct_config__
        if config.tag_field is not None:
            tag = config.tag
            fields.append((config.tag_field, Literal[tag], dataclasses.field(default=tag, init=False)))
        names = struct.__struct_fields__
        defaults = struct.__struct_defaults__
        kw_only = False
        for i, name in enumerate(names):
            hints[name], metadata = _written_as(hints[name])
            d = i - (len(names) - len(defaults))
            if d < 0:
                spec = dataclasses.field(metadata=metadata)
            elif defaults[d] is msgspec.NODEFAULT:  # a field without a default after one with
                spec, kw_only = dataclasses.field(metadata=metadata), True
            elif isinstance(defaults[d], FACTORY):
                spec = dataclasses.field(default_factory=defaults[d].factory, metadata=metadata)
            else:
                spec = dataclasses.field(default=defaults[d], metadata=metadata)
            fields.append((name, Any, spec))
        namespace = {
            "__module__": struct.__module__,
            "__qualname__": struct.__qualname__,
            "__doc__": struct.__doc__,
        }
        for hook in _PYDANTIC_HOOKS:
            owner = next((c for c in struct.__mro__ if hook in vars(c)), None)
            if owner is not None:
                namespace[hook] = vars(owner)[hook]
        made: Any = dataclasses.make_dataclass(
            struct.__name__, fields, frozen=True, kw_only=kw_only, namespace=namespace
        )
        self.made[struct] = made
        self.structs[made] = struct
        for name in names:
            made.__annotations__[name] = made.__dataclass_fields__[name].type = self.swap(hints[name])
        return cast("type[Any]", made)


def _written_as(hint: Any) -> tuple[Any, dict[str, Any] | None]:
    """A field's type without its :class:`samarbeid.record.WrittenAs`, and the field metadata
    that gives pydantic its alias (which pydantic reads there, and not in a group of
    ``Annotated`` metadata)."""
    metadata = getattr(hint, "__metadata__", ())
    found = [m for m in metadata if isinstance(m, WrittenAs)]
    if not found:
        return hint, None
    rest = tuple(m for m in metadata if not isinstance(m, WrittenAs))
    annotated = (typing.get_args(hint)[0], *rest)
    return (typing.Annotated[annotated] if rest else annotated[0]), found[0].metadata()
