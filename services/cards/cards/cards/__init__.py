"""卡片管理: the card rows, their state machine and the audited operations on one card."""
