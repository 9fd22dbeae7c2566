"""The member side (/app/cards): bind a card, my cards, my ledger."""
