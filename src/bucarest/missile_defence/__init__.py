"""Missile-defence coverage analysis: sites, radars and threats, trajectories, engagements, coverage and options."""
