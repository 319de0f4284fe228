"""A server process's long-lived objects, kept out of the garbage collector's full passes.

Once a process has loaded the service it holds about 300,000 objects that live as long as it does:
modules, URL patterns, settings, compiled templates. Python's full (generation 2) collection walks
every one of them, and on a small server that pause (150 to 550 ms, measured at national scale)
lands on whichever request happens to trigger it: the page that allocates most (a draft
quarterly report, a PDF) meets it most often. Freezing them once, as the process starts serving,
leaves each full pass only what requests have made since.
"""

import gc


def freeze_long_lived() -> int:
    """Collect, then move every object alive now to the permanent generation; returns how many."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
