"""The desk's store: accounts and credentials, the one policy-applying query layer, signed cursors and the audit log."""
