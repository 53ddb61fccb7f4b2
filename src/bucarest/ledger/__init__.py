"""The commitments ledger: Bucharest decisions, their owners, deadlines and objective progress."""
