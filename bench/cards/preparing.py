"""Cards made, issued against a contract and put in an activation batch through the service layer, as staff
would through the API: the shared first step of bench_activate.py and bench_debits.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

ACTOR = {"id": 1, "name": "bench"}


async def requested_activation(db: Any, settings: Any, quantity: int, *, auto_activate_days: int) -> tuple[Any, Any]:
    """Returns (the made batch, the activation batch awaiting review) for `quantity` new cards of contract 1."""
    from cards.activations.schemas import ActivationIn
    from cards.activations.service import create_activation
    from cards.common import RangeIn
    from cards.entitlements.service import apply_contract_approved
    from cards.issues.schemas import IssueIn
    from cards.issues.service import create_issue, review_issue
    from cards.making.schemas import MakingBatchIn
    from cards.making.service import create_batch, generate, review_batch
    from cards.numbers import card_no
    from shared.events.crm import ContractApproved
    from shared.identity import DataScope

    everything = DataScope(all=True)
    async with db.sessions() as session:
        await apply_contract_approved(session, ContractApproved(
            contract_id=1, contract_no="HT-BENCH", contract_name="压测合同", customer_id=1,
            customer_name="压测客户", owner_id=2, owner_name="万彬", amount=Decimal("100000000.00"),
            total_cards=quantity, approved_at=datetime.now(UTC)))
        batch = await create_batch(session, MakingBatchIn(city="南昌", card_type="实体卡", quantity=quantity), ACTOR)
        await review_batch(session, batch.id, True, "", ACTOR)
        await session.commit()
    made = await generate(db, batch.id, settings.password_key)
    assert made is not None and made.seq_start is not None and made.seq_end is not None
    ranges = [RangeIn(start=card_no(made.seq_start), end=card_no(made.seq_end))]
    async with db.sessions() as session:
        issue = await create_issue(session, IssueIn(contract_id=1, card_type="实体卡", ranges=ranges), ACTOR,
                                   everything)
        await review_issue(session, issue.id, True, "", ACTOR, everything)
        activation = await create_activation(session, ActivationIn(
            contract_id=1, ranges=ranges, latest_activation_at=datetime.now(UTC) + timedelta(days=30),
            auto_activate_days=auto_activate_days, valid_days=365, red_packet_days=30, face_value=Decimal("1000.00"),
            red_packet=Decimal("50.00")), ACTOR, everything)
        await session.commit()
    return made, activation
