"""The gas network as pure values: schema as data, network, scenarios, the LP, N-1 and the ranking of assets."""
