"""The network's demo: `network.yaml` (the people) and its loader, `loader`."""
