"""The ledger as pure values: commitments and their history, derived status, progress, operations and the review."""
