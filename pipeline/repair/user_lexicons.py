"""What the users' own lexicons hold (``PIPELINE_PROTECTED_NAMES``, ``PIPELINE_DOMAIN_WORDS``).

They change what the repair writes, so the extract stage counts them among its settings: after an edit
of one of them every file is read again, as after new code.
"""

from __future__ import annotations

from pipeline.repair.language_model import domain_words
from pipeline.repair.names import protected_names


def user_lexicons() -> tuple[list[tuple[str, str]], str]:
    """The protected names (each input form with the name to write) and the users' domain words."""
    names = sorted(protected_names().canonical.items())
    return names, domain_words()
