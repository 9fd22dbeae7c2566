"""The card ledger: every balance change an entry; internal debit/credit API; red packets (红包管理)."""
