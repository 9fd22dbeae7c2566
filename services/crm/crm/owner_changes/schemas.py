"""Request bodies of the owner-change routes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.problems import Problem


class OwnerChangeCreate(BaseModel):
    """Either one customer (`customer_id`) or every customer of a departing salesperson (`from_owner_id`);
    `to_owner_id` null moves them to the public pool."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    customer_id: int | None = None
    from_owner_id: int | None = None
    to_owner_id: int | None = None
    note: str = Field("", max_length=500)

    @model_validator(mode="after")
    def _one_target(self) -> OwnerChangeCreate:
        if (self.customer_id is None) == (self.from_owner_id is None):
            raise Problem(
                422,
                "validation_error",
                "customer_id 与 from_owner_id 必须且只能填一个",
                errors=[{"field": "customer_id", "message": "customer_id 与 from_owner_id 二选一"}],
            )
        return self
