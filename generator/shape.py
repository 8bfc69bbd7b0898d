"""Check a loaded file against its schema model; turn pydantic errors into readable problems."""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem, did_you_mean, field_path, one_of
from .languages import LANGUAGES
from .load import Loaded
from .numbers import plain_number
from .schema import LocalText

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

_TYPE_MISMATCH = {"model_type", "dict_type", "list_type", "is_instance_of"}


def check_shape(loaded: Loaded, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate `loaded.data` as `model`; return the instance (None if it is not sound) and
    the problems.

    Fields the loader already refused are not reported again.
    """
    try:
        parsed = model.model_validate(loaded.data)
    except ValidationError as exc:
        return None, _problems(loaded, model, exc.errors())
    return parsed, missing_texts(loaded, parsed) + placeholders(loaded, parsed)


def missing_texts(loaded: Loaded, parsed: BaseModel) -> list[Problem]:
    """Every text in every language of the site: a translation the schema leaves optional
    (while a language is being added) is still required before any page is written."""
    codes = ", ".join(lang.code for lang in LANGUAGES)
    return [
        Problem(
            loaded.path,
            loaded.line_of((*loc, lang.code)),
            field_path((*loc, lang.code)),
            f"no text in {lang.name} ({lang.code}) "
            f"(expected a text in every language of the site: {codes})",
        )
        for loc, text in _texts(parsed, ())
        for lang in LANGUAGES
        if not getattr(text, lang.code, None)
    ]


# A text the curator has still to write: a marker, or nothing but dots.
PLACEHOLDER_MARKER = "TODO"
PLACEHOLDER_MESSAGE = "is a placeholder"
_ONLY_DOTS = re.compile(r"^[\s.…]*$")


def is_placeholder(text: str, slugs: frozenset[str] = frozenset()) -> bool:
    """Whether a text is a placeholder left to fill in ('TODO: …', '…', or an id where a name
    belongs: 'Điểm cầu phu-yen')."""
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text))
    return PLACEHOLDER_MARKER in text or bool(_ONLY_DOTS.match(text)) or bool(words & slugs)


def placeholders(loaded: Loaded, parsed: BaseModel) -> list[Problem]:
    """Every text still a placeholder (as `generator new` writes them), with where it is: our
    texts in each language, and any other field still holding the marker."""
    found = [
        ((*loc, lang.code), shown)
        for loc, text in _texts(parsed, ())
        for lang in LANGUAGES
        if (shown := getattr(text, lang.code, None)) and is_placeholder(shown, _slugs(parsed))
    ]
    found += [
        (loc, value)
        for loc, value in _strings(parsed, ())
        if PLACEHOLDER_MARKER in value and (loc, value) not in found
    ]
    return [
        Problem(
            loaded.path,
            loaded.line_of(loc),
            field_path(loc),
            f"{PLACEHOLDER_MESSAGE} ({shown!r}): write it from the sources or in your own words "
            f"(expected real text, without {PLACEHOLDER_MARKER} or '…')",
        )
        for loc, shown in found
    ]


def _strings(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every text field of a parsed file, with where it is."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _strings(getattr(value, name), (*loc, info.alias or name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _strings(item, (*loc, i))


def _slugs(parsed: BaseModel) -> frozenset[str]:
    """The hyphenated ids a file names its bridges by: never a name."""
    bridges = getattr(parsed, "bridges", None) or []
    found = {b.id for b in bridges} | {b.province for b in bridges if b.province}
    return frozenset(s for s in found if "-" in s)


def _texts(value: object, loc: Loc) -> Iterator[tuple[Loc, LocalText]]:
    """Every LocalText in a parsed file, with where it is."""
    if isinstance(value, LocalText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _texts(getattr(value, name), (*loc, info.alias or name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, str(key)))


@dataclass(frozen=True)
class Salvage:
    """The parts of a file that are sound on their own, for checks that can still run."""

    fields: dict[str, Any]
    items: dict[str, list[tuple[int, BaseModel]]]
    raw_ids: dict[str, set[str]]


def salvage(loaded: Loaded, model: type[BaseModel]) -> Salvage:
    """Each top-level field validated alone; list items of models validated one by one."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    fields: dict[str, Any] = {}
    items: dict[str, list[tuple[int, BaseModel]]] = {}
    raw_ids: dict[str, set[str]] = {}
    for name, info in model.model_fields.items():
        item_model = list_item_model(info.annotation)
        if item_model is not None:
            raw = data.get(name)
            raw_list = raw if isinstance(raw, list) else []
            items[name] = [
                (i, valid)
                for i, entry in enumerate(raw_list)
                if (valid := _valid(item_model, entry))
            ]
            raw_ids[name] = {
                e["id"] for e in raw_list if isinstance(e, dict) and isinstance(e.get("id"), str)
            }
            continue
        if name not in data:
            if not info.is_required():
                fields[name] = info.get_default(call_default_factory=True)
            continue
        try:
            fields[name] = _adapter(model, name).validate_python(data[name])
        except ValidationError:
            continue
    return Salvage(fields, items, raw_ids)


def _valid(model: type[BaseModel], data: Any) -> BaseModel | None:
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def list_item_model(annotation: Any) -> type[BaseModel] | None:
    """The model M of a `list[M]` field, else None."""
    if typing.get_origin(annotation) is list:
        (arg,) = typing.get_args(annotation)
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator for one field of a model, with its constraints."""
    info = model.model_fields[name]
    annotated: Any = Annotated[info.annotation, info]
    if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
        return TypeAdapter(annotated)  # a model brings its own strict config
    return TypeAdapter(annotated, config=ConfigDict(strict=True))


def _problems(loaded: Loaded, model: type[BaseModel], errors: list[ErrorDetails]) -> list[Problem]:
    """One problem per field, union noise and fields the loader refused removed."""
    cleaned = [(_data_loc(loaded.data, err), err) for err in errors]
    cleaned = [(loc, err) for loc, err in cleaned if not loaded.refused(loc)]
    keep = [(loc, err) for loc, err in cleaned if not _is_noise(loc, err, cleaned)]
    by_loc: dict[Loc, list[ErrorDetails]] = {}
    for loc, err in keep:
        by_loc.setdefault(loc, []).append(err)
    problems = []
    for loc, errs in by_loc.items():
        message = _message(model, loc, errs, _value_at(loaded.data, loc))
        problems.append(Problem(loaded.path, loaded.line_of(loc), field_path(loc), message))
    return problems


def _is_mismatch(err: ErrorDetails) -> bool:
    return err["type"].endswith("_type") or err["type"] in _TYPE_MISMATCH


def _is_noise(loc: Loc, err: ErrorDetails, others: list[tuple[Loc, ErrorDetails]]) -> bool:
    """A wrong-type error from one union branch when another branch says more."""
    if not _is_mismatch(err):
        return False
    return any(
        (len(o_loc) > len(loc) and o_loc[: len(loc)] == loc)
        or (o_loc == loc and not _is_mismatch(o_err))
        for o_loc, o_err in others
    )


def _data_loc(data: Any, err: ErrorDetails) -> Loc:
    """The error's location with pydantic's union-branch tags removed."""
    out: list[str | int] = []
    current = data
    parts = list(err["loc"])
    for i, part in enumerate(parts):
        in_list = isinstance(part, int) and isinstance(current, list) and part < len(current)
        in_dict = isinstance(part, str) and isinstance(current, dict) and part in current
        if in_list or in_dict:
            out.append(part)
            current = current[part]
        elif err["type"] == "missing" and i == len(parts) - 1 and isinstance(current, dict):
            out.append(part)
        # anything else is a union tag ('Place', 'constrained-str', 'decimal'): skip it
    return tuple(out)


def _value_at(data: Any, loc: Loc) -> Any:
    current = data
    for part in loc:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            return None
    return current


def _message(model: type[BaseModel], loc: Loc, errs: list[ErrorDetails], value: Any) -> str:
    """Words for the errors at one location."""
    err = errs[0]
    kind = err["type"]
    expected = _description(model, loc)
    if kind == "missing":
        return f"required field is missing (expected {expected})"
    if kind == "extra_forbidden":
        fields = _allowed_fields(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), fields)
        if " " in str(loc[-1]):
            # `{en: a, b}` reads "b" as a key: the usual slip with commas in flow mappings.
            hint += "; a comma inside {…} ends the text there: put the whole text in quotes"
        return f"unknown field (expected one of: {one_of(fields)}{hint})"
    got = _describe_input(value)
    if kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        return f"got {got} (expected one of: {allowed})"
    ctx = err.get("ctx", {})
    if kind == "too_short" and isinstance(value, list):
        need = ctx.get("min_length", 1)
        return f"needs at least {need} item{'s' if need != 1 else ''} (expected {expected})"
    if kind in {"too_short", "string_too_short"}:
        return f"must not be empty (expected {expected})"
    if kind == "too_long" and isinstance(value, list | dict):
        most = ctx.get("max_length")
        return f"has {len(value)} items, at most {most} are allowed (expected {expected})"
    if kind == "string_too_long" and isinstance(value, str):
        most = ctx.get("max_length")
        return f"is {len(value)} characters long, at most {most} are allowed (expected {expected})"
    bounds = {
        "greater_than_equal": ("ge", "at least"),
        "greater_than": ("gt", "more than"),
        "less_than_equal": ("le", "at most"),
        "less_than": ("lt", "less than"),
    }
    if kind in bounds:
        name, words = bounds[kind]
        limit = ctx.get(name)
        shown = plain_number(limit) if isinstance(limit, int | Decimal) else str(limit)
        return (
            f"got {got}, which is too {'small' if name in ('ge', 'gt') else 'large'} (expected "
            f"{words} {shown}: {expected})"
        )
    return f"got {got} (expected {expected})"


def _describe_input(value: Any) -> str:
    """How a YAML reader would name the value they wrote."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"text {shown!r}"
    if isinstance(value, int | Decimal):
        return f"the number {plain_number(value)}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Model classes inside an annotation (through Optional, Union, list, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
    return found


def _walk(model: type[BaseModel], loc: Sequence[str | int]) -> tuple[list[type[BaseModel]], str]:
    """The models reachable at `loc` and the description of the field there."""
    models: list[type[BaseModel]] = [model]
    description = model.__doc__ or "a mapping"
    for part in loc:
        if isinstance(part, int):
            continue
        next_models: list[type[BaseModel]] = []
        for candidate in models:
            for name, info in candidate.model_fields.items():
                if (info.alias or name) == part:
                    description = info.description or description
                    next_models.extend(_models_in(info.annotation))
        models = next_models
    return models, description


def _description(model: type[BaseModel], loc: Loc) -> str:
    return _walk(model, loc)[1].rstrip(".")


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    models, _ = _walk(model, loc)
    return sorted({info.alias or name for m in models for name, info in m.model_fields.items()})
