"""合同额度: what each approved contract allows (from crm.ContractApproved)."""
