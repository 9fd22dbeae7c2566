"""卡片消费报表: cards issued, charged, activated, spent and expired, per customer, contract and batch."""
