"""The import engine: many requests in flight, within the rate limit, retried, checkpointed."""
