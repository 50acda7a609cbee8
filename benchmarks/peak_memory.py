"""The peak memory of this process and of the workers it waited for, in MB.

Why not ``ru_maxrss`` alone: Linux carries the high-water mark of the parent's memory across fork and
exec into the child's ``ru_maxrss``, so a run started by a benchmark that had just read a big baseline
reported the benchmark's peak, not its own (1.4 GB for a 100,000-row roster that peaks at 0.7 GB).
``VmHWM`` in ``/proc/self/status`` belongs to the process's own address space, which exec replaces.
Workers forked by the run inherit at most the run's own peak, so ``RUSAGE_CHILDREN`` adds them safely.
"""

from __future__ import annotations

import re
import resource
from pathlib import Path

_HWM = re.compile(r"^VmHWM:\s+(\d+) kB", re.MULTILINE)


def peak_mb() -> float:
    """max(this process's own peak resident memory, its waited-for children's), in MB."""
    status = Path("/proc/self/status")
    found = _HWM.search(status.read_text()) if status.exists() else None
    own_kb = int(found.group(1)) if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(own_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
