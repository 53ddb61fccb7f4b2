"""The desk as pure values: markings, the read/write policy, the audit chain, records, assistance and STIX."""
