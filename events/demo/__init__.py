"""The events demo: `events.yaml` (index pages, series, events) and its `loader`."""
