"""Every request body refuses what its documented type forbids, in the one place pydantic's lax mode would take
it: FastAPI validates a parsed JSON body as Python values, where `0` passes for `false` and `true` for `1`.
Schemathesis found such fields one run at a time ("schema-violating request accepted"); this walks every body
model of every part at once. The shared answers are `Flag`, `Int`, `Count` and `Id` (shared/types.py)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError

from shared.settings import SERVICES


def routes(items: list[Any]) -> Iterator[APIRoute]:
    for route in items:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # an included router, resolved lazily by FastAPI
            yield from routes(route.original_router.routes)


def body_models() -> Iterator[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    for part in ("gateway", *SERVICES):
        app = importlib.import_module(f"{part}.main").create_app()
        for route in routes(app.routes):
            model = route.body_field.field_info.annotation if route.body_field else None
            if isinstance(model, type) and issubclass(model, BaseModel) and model not in seen:
                seen.add(model)
                yield model


def accepts(adapter: TypeAdapter[Any], value: object) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def test_no_request_body_takes_a_number_for_a_boolean_or_a_boolean_for_an_integer() -> None:
    lax = []
    for model in body_models():
        for name, schema in model.model_json_schema()["properties"].items():
            types = {schema.get("type")} | {choice.get("type") for choice in schema.get("anyOf", [])}
            field = model.model_fields[name]
            adapter: TypeAdapter[Any] = TypeAdapter(Annotated[(field.annotation, *field.metadata)]
                                                    if field.metadata else field.annotation)
            if "boolean" in types and "integer" not in types and (accepts(adapter, 0) or accepts(adapter, 1)):
                lax.append(f"{model.__module__}.{model.__name__}.{name}: takes 0/1 for a boolean (use Flag)")
            if "integer" in types and "boolean" not in types and accepts(adapter, True):
                lax.append(f"{model.__module__}.{model.__name__}.{name}: takes true for an integer (use Int/Count/Id)")
    assert lax == [], "\n".join(lax)


def test_no_request_field_has_a_bound_its_type_overrides() -> None:
    # `sort: Count = Field(0, le=1000)`: Count's own le comes later in the metadata and wins, so the field's bound
    # was silently ignored (schema and validator both said INT_MAX). Such fields use Integer with both bounds.
    overridden = []
    for model in body_models():
        for name, field in model.model_fields.items():
            for bound in ("ge", "gt", "le", "lt"):
                values = {getattr(m, bound) for m in field.metadata if hasattr(m, bound)}
                if len(values) > 1:
                    overridden.append(f"{model.__module__}.{model.__name__}.{name}: {bound} in {sorted(values)}")
    assert overridden == [], "\n".join(overridden)
