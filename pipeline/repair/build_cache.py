"""Keep an object that is slow to build but pure in its inputs as a pickle under the user's cache dir.

The Chinese language model takes about 2 s to count from jieba's dictionary and 0.2 s to load as a
pickle; every pipeline run is a new process, so counting once per machine and input version saves
seconds per run. The file name holds a hash of the inputs (the dictionary files and the code that
builds the object), so a new dictionary or a changed model is rebuilt, never loaded stale. A cache that
cannot be read or written is skipped: the object is then built as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/assoc-pipeline``, by default ``~/.cache/assoc-pipeline``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "assoc-pipeline"


def load_or_build(name: str, inputs: Iterable[bytes], build: Callable[[], T]) -> T:
    """The object ``build()`` returns, loaded from the cache when it was built from the same ``inputs``."""
    digest = hashlib.sha256()
    for part in inputs:
        digest.update(hashlib.sha256(part).digest())
    path = cache_dir() / f"{name}-{digest.hexdigest()[:16]}.pickle"
    try:
        with path.open("rb") as cached:
            return pickle.load(cached)  # our own file, in the user's cache dir
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)
    except OSError:
        pass
    return value
