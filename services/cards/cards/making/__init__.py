"""制卡管理: card-making batches, bulk generation, the one-time printer export and password resets."""
