"""How many cores are free for the model right now.

A model running on two OpenMP threads embeds a query in about half the time of one — on idle
cores. When another process keeps a core busy, the model's threads wait for each other at
every step of the embedding: measured on two cores with one busy loop beside, a query took
p50 22–168 ms and p95 150–450 ms on two threads, against p50 20 ms and p95 33 ms on one (and
p50 10 ms / p95 15 ms on two threads, idle). So before each embedding the model takes only
the threads that have a core: the cores of this process, less the tasks of other processes
that are runnable at this instant (``/proc/loadavg`` counts them all; this process's own
runnable threads, the model's among them, are taken off).
"""

import os


def process_cores():
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _running_total():
    with open("/proc/loadavg", encoding="ascii") as loadavg:
        return int(loadavg.read().split()[3].split("/")[0])


def _running_here():
    """Runnable threads of this process: the caller, the model's helpers, request threads."""
    running = 0
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:  # the thread ended meanwhile
            continue
        if stat[stat.rindex(")") + 2 : stat.rindex(")") + 3] == "R":
            running += 1
    return running


def free_cores(cores=None):
    """Cores nobody else is running on now; ``cores`` (all of them) where the system does
    not tell (no ``/proc``)."""
    cores = cores or process_cores()
    try:
        # A task that runs for a moment (a kernel worker, a thread of ours that starts or
        # stops meanwhile) is in one of two readings, a busy process in both.
        first = _running_total()
        here = _running_here()
        busy = min(first, _running_total()) - here
    except (OSError, ValueError, IndexError):
        return cores
    return max(0, min(cores, cores - busy))
