"""The registry as pure values: frameworks, memberships and accession events, and the questions asked of them."""
