"""Parsers of roster cell values: each takes the cell's text and returns the clean value or raises
ValueError with a message naming the value and what is wrong with it (the quarantine reason)."""
