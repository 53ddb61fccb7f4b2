"""The Alliance registry: who belongs to which framework, in what capacity, on any date."""
