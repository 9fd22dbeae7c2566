"""docs/events.md is the event catalogue the gateway serves at /asyncapi.json, rendered; it never lags behind.

When this fails, an event, a payload field or a subscription changed: run
`python -m shared.events.catalogue_md --write` and commit docs/events.md with the change.
"""

from __future__ import annotations

import httpx

from gateway.main import create_app
from shared.events.catalogue import CATALOGUE
from shared.events.catalogue_md import DOC_PATH, render

REGENERATE = "docs/events.md is stale: run `python -m shared.events.catalogue_md --write` and commit it"


async def test_the_committed_catalogue_is_the_one_the_gateway_serves() -> None:
    # The route only renders the catalogue, so the app needs no database: no lifespan, no upstreams.
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        response = await client.get("/asyncapi.json")
    assert response.status_code == 200, response.text
    served = response.json()
    assert DOC_PATH.read_text(encoding="utf-8") == render(served), REGENERATE


def test_every_event_has_a_section_and_a_summary_row() -> None:
    page = DOC_PATH.read_text(encoding="utf-8")
    for routing_key in CATALOGUE:
        assert f"\n### {routing_key}\n" in page, routing_key
        assert f"| [`{routing_key}`]" in page, routing_key
