"""Member identity: which roster rows are the same person (match keys, probabilistic matching)."""
