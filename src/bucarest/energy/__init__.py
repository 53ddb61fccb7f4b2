"""Energy-supply disruption analysis: a country-level gas network solved as a linear program."""
