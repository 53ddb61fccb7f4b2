"""Missile-defence coverage analysis; ``trajectory`` holds the pure Keplerian kernel (SI units)."""
