"""A faster ``__init__`` for the frozen slotted dataclasses a batch makes by the thousand.

A frozen dataclass's generated ``__init__`` sets each field with ``object.__setattr__``;
setting it through its slot's member descriptor does the same at about half the cost.
:func:`slot_init` gives a frozen slotted dataclass such an ``__init__``, with the same
signature and defaults (a field with ``init=False`` gets its default); everything else
dataclasses made (frozen, eq, hash, repr, the fields pydantic describes) stays as it was.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_T = TypeVar("_T", bound="DataclassInstance")


@functools.cache
def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...] | None:
    """The ``__set__`` of each field's slot of ``cls``, in the order of its fields; None unless
    ``cls`` is a dataclass whose every field is a slot (what :func:`slot_init` and the cached
    rubric's reader, :mod:`samarbeid.rubric.load`, set fields through)."""
    if not dataclasses.is_dataclass(cls):
        return None
    setters = []
    for f in dataclasses.fields(cls):
        slot = getattr(cls, f.name, None)
        if not isinstance(slot, types.MemberDescriptorType):
            return None
        setters.append(slot.__set__)
    return tuple(setters)


def slot_init(cls: type[_T]) -> type[_T]:
    """Give ``cls``, a frozen slotted dataclass whose fields have plain defaults (or none) and
    are positional, an ``__init__`` that sets each slot through its descriptor; anything else
    is refused (TypeError) rather than made differently."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__qualname__} is not a frozen slotted dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__qualname__} has a __post_init__")
    setters = slot_setters(cls)
    if setters is None:
        raise TypeError(f"{cls.__qualname__} has a field that is not a slot")
    closure: dict[str, Any] = {}  # the setters and defaults, names of the generated code
    args: list[str] = []
    body: list[str] = []
    for i, f in enumerate(dataclasses.fields(cls)):
        has_default = f.default is not dataclasses.MISSING
        if f.default_factory is not dataclasses.MISSING or f.kw_only or not (f.init or has_default):
            raise TypeError(f"{cls.__qualname__}.{f.name}: only plain fields and defaults are made alike")
        # names no field has (dataclasses prefixes its own the same way)
        setter, default = f"__slot_set_{i}", f"__slot_default_{i}"
        closure[setter] = setters[i]
        if has_default:
            closure[default] = f.default
        if not f.init:
            body.append(f"{setter}(self, {default})")
            continue
        args.append(f"{f.name}={default}" if has_default else f.name)
        body.append(f"{setter}(self, {f.name})")
    source = (
        f"def make({', '.join(closure)}):\n"
        f" def __init__(self, {', '.join(args)}):\n"
        + "".join(f"  {line}\n" for line in body)
        + " return __init__\n"
    )
    namespace: dict[str, Any] = {}
    exec(source, {"__name__": __name__}, namespace)
    init = namespace["make"](**closure)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = cls.__init__.__annotations__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
