"""Partner API keys: issue, list, revoke, and per-request checks with rate limits."""
