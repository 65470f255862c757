"""The events benchmark: seed PostgreSQL, serve with gunicorn, load it (see bench/run.sh)."""
