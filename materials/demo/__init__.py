"""The knowledge base's demo: materials, FAQ, news and pages as data files, and `loader`."""
