"""Reading a profile: YAML text -> validated Profile, or one ProfileError listing every problem."""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from appliance.catalogue import Catalogue, catalogue
from appliance.errors import FieldProblem, ProfileError
from appliance.profile.checks import cross_check
from appliance.profile.model import Profile


def load_profile(path: Path, cat: Catalogue | None = None) -> Profile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        problem = FieldProblem("(file)", f"cannot be read: {reason}")
        raise ProfileError(str(path), [problem]) from None
    return parse_profile(text, source=str(path), cat=cat)


def parse_profile(text: str, source: str = "<profile>", cat: Catalogue | None = None) -> Profile:
    data = _parse_yaml(text, source)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(source, [_problem(error) for error in exc.errors()]) from None
    problems = cross_check(profile, cat or catalogue())
    if problems:
        raise ProfileError(source, problems)
    return profile


def _parse_yaml(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(yaml)"
        raise ProfileError(
            source, [FieldProblem(where, f"YAML syntax: {exc.problem or exc}")]
        ) from None
    except yaml.YAMLError as exc:
        raise ProfileError(source, [FieldProblem("(yaml)", f"YAML syntax: {exc}")]) from None
    if not isinstance(data, dict):
        raise ProfileError(
            source,
            [FieldProblem("(top)", "must be a mapping with office, appliance, lines, phones...")],
        )
    return data


def field_path(loc: tuple[int | str, ...]) -> str:
    """('phones', 2, 'mac') -> 'phones[2].mac'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(top)"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class whose fields sit at `loc` (to list them for an unknown key)."""
    model: type[BaseModel] = Profile
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            continue  # a dict key (IVR option): stay on the value's model
        found = _find_model(field.annotation)
        if found is None:
            return None
        model = found
    return model


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, dict, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _find_model(arg)
            if found is not None:
                return found
    return None


def _shown(value: Any) -> str | None:
    if isinstance(value, dict | list):
        return None
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problem(error: ErrorDetails) -> FieldProblem:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = _shown(error.get("input"))
    if kind == "missing":
        return FieldProblem(field_path(loc), "is required but missing")
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        known = ", ".join(model.model_fields) if model else ""
        hint = f"; known fields here: {known}" if known else ""
        return FieldProblem(field_path(loc), f"is not a known field (a typo?){hint}")
    messages = {
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "greater_than": f"must be more than {ctx.get('gt')}",
        "less_than": f"must be less than {ctx.get('lt')}",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "int_type": "must be a whole number",
        "float_parsing": "must be a number",
        "float_type": "must be a number",
        "bool_parsing": "must be true or false",
        "bool_type": "must be true or false",
        "string_type": "must be text",
        "list_type": "must be a list (items starting with '- ')",
        "dict_type": "must be a mapping (key: value lines)",
        "model_type": "must be a mapping (key: value lines)",
        "model_attributes_type": "must be a mapping (key: value lines)",
        "too_short": f"must have at least {ctx.get('min_length')} item(s)",
        "string_too_short": f"must have at least {ctx.get('min_length')} character(s)",
        "string_too_long": f"must have at most {ctx.get('max_length')} characters",
        "date_from_datetime_parsing": "must be a date as YYYY-MM-DD",
        "date_parsing": "must be a date as YYYY-MM-DD",
        "date_type": "must be a date as YYYY-MM-DD",
        "string_pattern_mismatch": "has the wrong form",
    }
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        return FieldProblem(field_path(loc), f"must be one of: {expected}", value)
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return FieldProblem(field_path(loc), message, value)
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "crm_webhook":
        return FieldProblem(field_path(loc), "must be an http:// or https:// URL", value)
    if kind == "string_pattern_mismatch" and loc and loc[-1] in ("sender", "email"):
        return FieldProblem(field_path(loc), "must be an e-mail address", value)
    return FieldProblem(field_path(loc), messages.get(kind, error["msg"]), value)
