"""The cyber-defence desk: records, assistance requests and STIX 2.1."""
