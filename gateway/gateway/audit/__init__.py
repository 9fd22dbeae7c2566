"""Login log and operation log."""
