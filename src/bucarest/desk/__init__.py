"""The cyber-defence desk: markings and the sharing policy, records, assistance requests, STIX 2.1 and TAXII 2.1, an audit chain."""
