"""Markings, the read/write policy and the audit chain: the heart of the cyber-defence desk."""
