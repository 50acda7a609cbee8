"""Personal data: which columns hold it (``classification``) and how it is masked (``masking`` in Python,
``sql`` in the warehouse). docs/privacy.md describes the columns, the masks and the surfaces."""
