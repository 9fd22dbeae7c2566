"""领卡管理: issuing stock cards to a customer under an approved contract."""
