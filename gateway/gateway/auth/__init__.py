"""Staff login, refresh, logout, me; tokens and sessions; authorisation cache."""
