"""smm/ending.py: the program keeps its large results to the end; a library caller frees them."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref

from smm import ending


class _Big:
    """A value a weakref can watch."""


def test_a_library_caller_keeps_nothing() -> None:
    value = _Big()
    watch = weakref.ref(value)
    ending.keep(value)
    del value
    gc.collect()
    assert watch() is None


def test_the_program_keeps_what_it_is_handed_until_it_ends() -> None:
    code = (
        "import weakref\n"
        "from smm import ending\n"
        "class Big: pass\n"
        "ending.by_exit()\n"
        "value = Big(); watch = weakref.ref(value)\n"
        "ending.keep(value); del value\n"
        "print(watch() is not None)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "True"
