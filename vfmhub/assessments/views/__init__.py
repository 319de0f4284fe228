"""Assessment pages, split by sub-domain. The partnership dashboard lives in its own package."""
