"""The surveys demo: `surveys.yaml` (surveys, questions, answer numbers) and its `loader`."""
