"""Core slots: all processes of the machine together run at most one model thread per core.

Each web worker embeds on up to ``SEARCH_EMBEDDER_THREADS`` threads; with several workers,
two embeddings at once would run more threads than there are cores, and each thread beyond
that waits for a core while the model's other threads wait for it at every step. Before an
embedding, a process takes as many slots as it wants threads (at least one, waiting for it
when all are taken), one lock file per core in a folder every worker of the machine uses,
and gives them back afterwards. A slot is an ``flock`` on its file: the operating system
gives it back when its process dies, so a killed worker never keeps one.

A process gives all its slots back at once: taking and giving back both happen under a gate
(one more lock file, held for microseconds), so a waiting process never sees half of a
release and leaves with one slot while the next is about to come free. (A process stopped
inside that window, by a debugger say, holds every other one up until it resumes or dies.)
"""

import contextlib
import fcntl
import os
import tempfile
import threading
import time

from .cores import process_cores


def slots_dir():
    path = os.environ.get("SEARCH_MODEL_SLOTS_DIR") or os.path.join(
        tempfile.gettempdir(), f"search-model-slots-{os.getuid()}"
    )
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


class CoreSlots:
    def __init__(self, cores=None, directory=None):
        self.cores = cores or process_cores()
        self.directory = directory or slots_dir()
        self._files = None
        self._lock = threading.Lock()

    def _open(self):
        """The gate's file and one file per core, opened once per process."""
        if self._files is None or self._files[0] != os.getpid():
            names = ["gate"] + [f"core-{n}" for n in range(self.cores)]
            opened = [
                os.open(os.path.join(self.directory, name), os.O_RDWR | os.O_CREAT, 0o600)
                for name in names
            ]
            self._files = (os.getpid(), opened[0], opened[1:])
        return self._files[1], self._files[2]

    @contextlib.contextmanager
    def _gate(self, gate):
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)

    def _try(self, fd):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    @contextlib.contextmanager
    def take(self, wanted):
        """Hold up to ``wanted`` slots (at least one); yields how many were taken."""
        with self._lock:  # one embedding per process at a time takes slots
            gate, files = self._open()
            held = []
            while True:
                with self._gate(gate):
                    for fd in files:
                        if len(held) < wanted and self._try(fd):
                            held.append(fd)
                if held:
                    break
                time.sleep(0.001)  # every core is embedding: one ends within milliseconds
            try:
                yield len(held)
            finally:
                with self._gate(gate):
                    for fd in held:
                        fcntl.flock(fd, fcntl.LOCK_UN)
