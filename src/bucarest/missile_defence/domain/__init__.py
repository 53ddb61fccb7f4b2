"""Missile defence as pure values and kernels: the Keplerian kernel (SI units, array API), trajectories, engagements, coverage, options."""
