"""The base class of airtok.harmony's models: pydantic when it is importable, else a plain one.

openai-harmony's models are pydantic (v2) models. airtok.harmony's are too, on whichever
pydantic the interpreter has:

- pydantic 2: ``pydantic.BaseModel`` itself (``model_dump``, ``model_validate``,
  ``model_dump_json``, and v2's deprecated ``dict()`` / ``parse_obj()``).
- pydantic 1 (Debian 12's python3-pydantic is 1.10): ``pydantic.BaseModel`` plus the v2 names
  (``model_dump``, ``model_dump_json``, ``model_validate``, ``model_validate_json``,
  ``model_copy``) on top of v1's own (``dict()``, ``json()``, ``parse_obj()``, ``copy()``).
  Model instances given as field values are kept, not copied (v2's behaviour), so a builder
  call on a SystemContent after it went into a Message still shows in the message.
- no pydantic: a small base class with the same methods and the same coercions of field values
  (dicts become models, strings become enums, the content union is chosen by ``type``); a value
  of the wrong kind for a model field raises TypeError naming the field (pydantic raises its
  ValidationError, a ValueError). There is no other validation: a str field takes any value.

``PYDANTIC_MAJOR`` says which one is in use (2, 1 or 0).
"""

from __future__ import annotations

import copy
import enum
import json
import typing
from typing import Any, Callable, ClassVar, Dict, Tuple, Type, TypeVar, Union

try:
    import pydantic as _pydantic

    PYDANTIC_MAJOR = int(str(_pydantic.VERSION).split(".")[0])
except ImportError:
    _pydantic = None  # type: ignore[assignment]
    PYDANTIC_MAJOR = 0

_M = TypeVar("_M", bound="PlainModel")


class _Factory:
    """A default made fresh for each instance (pydantic's ``default_factory``)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(default_factory: Callable[[], Any]) -> Any:
    """``Field(default_factory=...)`` for the model base in use."""
    if _pydantic is not None:
        return _pydantic.Field(default_factory=default_factory)
    return _Factory(default_factory)


def discriminated(union: Any, key: str) -> Any:
    """``Annotated[union, Field(discriminator=key)]`` for the model base in use."""
    if _pydantic is not None:
        return typing.Annotated[union, _pydantic.Field(discriminator=key)]
    return typing.Annotated[union, ("discriminator", key)]


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


class PlainModel:
    """The model base without pydantic: fields from the class annotations, defaults from the
    class attributes, keyword construction, equality by type and fields."""

    _plain_fields: ClassVar[Dict[str, Tuple[Any, Any]]]

    @classmethod
    def _fields(cls) -> Dict[str, Tuple[Any, Any]]:
        if "_plain_fields" not in cls.__dict__:
            hints = typing.get_type_hints(cls, include_extras=True)
            fields: Dict[str, Tuple[Any, Any]] = {}
            for klass in reversed(cls.__mro__):
                for name in klass.__dict__.get("__annotations__", {}):
                    if name.startswith("_") or typing.get_origin(hints[name]) is ClassVar:
                        continue
                    fields[name] = (hints[name], getattr(cls, name, _MISSING))
            cls._plain_fields = fields
        return cls._plain_fields

    def __init__(self, **data: Any) -> None:
        for name, (hint, default) in type(self)._fields().items():
            if name in data:
                value = _coerce(hint, data[name], f"{type(self).__name__}.{name}")
            elif isinstance(default, _Factory):
                value = default.make()
            elif default is _MISSING:
                raise TypeError(f"{type(self).__name__}: field {name!r} is required")
            else:
                value = copy.deepcopy(default)
            object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._fields())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields())
        return f"{type(self).__name__}({args})"

    def model_dump(self, *, exclude_none: bool = False, mode: str = "python") -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        for name in self._fields():
            value = _dump(getattr(self, name), exclude_none)
            if value is None and exclude_none:
                continue
            out[name] = value
        return _jsonable(out) if mode == "json" else out

    def model_dump_json(self, *, exclude_none: bool = False) -> str:
        return json.dumps(self.model_dump(exclude_none=exclude_none, mode="json"))

    @classmethod
    def model_validate(cls: Type[_M], obj: Any) -> _M:
        if isinstance(obj, cls):
            return obj
        if isinstance(obj, dict):
            return cls(**obj)
        raise TypeError(f"{cls.__name__}.model_validate takes a dict or a {cls.__name__}, "
                        f"not {type(obj).__name__}")

    @classmethod
    def model_validate_json(cls: Type[_M], payload: Union[str, bytes]) -> _M:
        return cls.model_validate(json.loads(payload))

    def model_copy(self: _M, *, deep: bool = False) -> _M:
        return copy.deepcopy(self) if deep else copy.copy(self)

    # pydantic 1's names, as pydantic 2 still accepts them.
    def dict(self, *, exclude_none: bool = False) -> Dict[str, Any]:
        return self.model_dump(exclude_none=exclude_none)

    def json(self, *, exclude_none: bool = False) -> str:
        return self.model_dump_json(exclude_none=exclude_none)

    @classmethod
    def parse_obj(cls: Type[_M], obj: Any) -> _M:
        return cls.model_validate(obj)


_MISSING = object()


def _dump(value: Any, exclude_none: bool) -> Any:
    if isinstance(value, PlainModel):
        return value.model_dump(exclude_none=exclude_none)
    if isinstance(value, dict):
        return {k: _dump(v, exclude_none) for k, v in value.items()}
    if isinstance(value, list):
        return [_dump(v, exclude_none) for v in value]
    return value


def _coerce(hint: Any, value: Any, where: str) -> Any:
    """`value` as the field type `hint` wants it: the conversions pydantic makes for the
    harmony models' field types (Optional, List, Dict, Literal, enums, models, unions)."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(hint)
        for e in extra:
            if isinstance(e, tuple) and e[0] == "discriminator":
                return _coerce_tagged(inner, e[1], value, where)
        return _coerce(inner, value, where)
    if origin is Union:
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return None
        rest = [a for a in args if a is not type(None)]
        return _coerce(rest[0], value, where) if len(rest) == 1 else value
    if origin is list:
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"{where}: expected a list, got {type(value).__name__}")
        (item,) = typing.get_args(hint)
        return [_coerce(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError(f"{where}: expected a dict, got {type(value).__name__}")
        _, item = typing.get_args(hint)
        return {k: _coerce(item, v, f"{where}[{k!r}]") for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if isinstance(hint, type) and issubclass(hint, PlainModel):
        if isinstance(value, hint):
            return value
        if isinstance(value, dict):
            return hint(**value)
        raise TypeError(f"{where}: expected a dict or an instance of {hint.__name__}, "
                        f"got {type(value).__name__}")
    return value


def _coerce_tagged(union: Any, key: str, value: Any, where: str) -> Any:
    members = typing.get_args(union)
    tag = value.get(key) if isinstance(value, dict) else getattr(value, key, None)
    for member in members:
        if member._fields()[key][1] == tag:
            return _coerce(member, value, where)
    names = ", ".join(repr(m._fields()[key][1]) for m in members)
    raise TypeError(f"{where}: {key} {tag!r} is none of {names}")


if _pydantic is not None and PYDANTIC_MAJOR >= 2:
    _ConfigDict: Any = getattr(_pydantic, "ConfigDict")

    class _V2Model(_pydantic.BaseModel):  # type: ignore[misc, valid-type]
        # Fields such as model_identity are upstream's names; pydantic 2 would warn about its
        # "model_" namespace for each.
        model_config = _ConfigDict(protected_namespaces=())

    _Base: Any = _V2Model
elif _pydantic is not None:

    class _V1Model(_pydantic.BaseModel):  # type: ignore[misc, valid-type]
        class Config:
            copy_on_model_validation = "none"  # keep given model instances, as pydantic 2

        def model_dump(self, *, exclude_none: bool = False, mode: str = "python") -> Dict[str, Any]:
            out = self.dict(exclude_none=exclude_none)
            return _jsonable(out) if mode == "json" else out

        def model_dump_json(self, *, exclude_none: bool = False) -> str:
            return self.json(exclude_none=exclude_none)

        @classmethod
        def model_validate(cls, obj: Any) -> Any:
            return cls.parse_obj(obj)

        @classmethod
        def model_validate_json(cls, payload: Union[str, bytes]) -> Any:
            return cls.parse_raw(payload)

        def model_copy(self, *, deep: bool = False) -> Any:
            return self.copy(deep=deep)

    _Base = _V1Model
else:
    _Base = PlainModel

if typing.TYPE_CHECKING:
    BaseModel = PlainModel
else:
    BaseModel = _Base
