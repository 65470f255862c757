"""The forum demo: `forums.yaml` (categories and discussions) and its `loader`."""
