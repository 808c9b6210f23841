"""How the production server shares the cores: worker and thread counts, core slots."""

import os
import subprocess
import sys
import threading
import time

import pytest

from portal.serving import PlanError, from_environment, plan
from search.embedders.slots import CoreSlots


def test_one_worker_per_core_each_with_up_to_two_model_threads():
    assert (plan(cores=2).workers, plan(cores=2).model_threads) == (2, 2)
    assert (plan(cores=1).workers, plan(cores=1).model_threads) == (1, 1)
    assert (plan(cores=8).workers, plan(cores=8).model_threads) == (8, 2)
    assert "2 web worker(s)" in plan(cores=2).describe()


def test_counts_from_the_environment_override_the_defaults():
    chosen = from_environment(
        {"WEB_WORKERS": "3", "WEB_THREADS": "8", "SEARCH_EMBEDDER_THREADS": "4"}
    )
    assert (chosen.workers, chosen.request_threads) == (3, 8)
    # Never more model threads per worker than the machine has cores.
    assert chosen.model_threads == min(4, chosen.cores)


@pytest.mark.parametrize("value", ["0", "-2", "many", "1.5"])
def test_a_bad_count_is_refused_with_its_name(value):
    with pytest.raises(PlanError, match="WEB_WORKERS"):
        from_environment({"WEB_WORKERS": value})


def test_processes_together_never_hold_more_slots_than_cores(tmp_path):
    first, second = CoreSlots(cores=2, directory=tmp_path), CoreSlots(cores=2, directory=tmp_path)
    with first.take(2) as taken:
        assert taken == 2
        waited = {}

        def embed_elsewhere():
            started = time.monotonic()
            with second.take(2) as got:
                waited["slots"], waited["seconds"] = got, time.monotonic() - started

        other = threading.Thread(target=embed_elsewhere)
        other.start()
        time.sleep(0.2)
        assert "slots" not in waited  # every core is in use: the other one waits
    other.join(5)
    assert waited["slots"] == 2 and waited["seconds"] >= 0.2

    with first.take(1) as taken, second.take(2) as other_taken:
        assert (taken, other_taken) == (1, 1)


def test_a_waiting_process_gets_every_slot_of_one_release(tmp_path, monkeypatch):
    from search.embedders import slots

    real_flock = slots.fcntl.flock

    def slow_release(fd, operation):  # the releasing thread loses its core between two unlocks
        real_flock(fd, operation)
        if operation == slots.fcntl.LOCK_UN:
            time.sleep(0.02)

    first, second = CoreSlots(cores=2, directory=tmp_path), CoreSlots(cores=2, directory=tmp_path)
    got = {}

    def embed_elsewhere():
        with second.take(2) as taken:
            got["slots"] = taken

    with first.take(2):
        other = threading.Thread(target=embed_elsewhere)
        other.start()
        time.sleep(0.05)
        monkeypatch.setattr(slots.fcntl, "flock", slow_release)
    other.join(5)
    assert got.get("slots") == 2


def test_a_killed_process_gives_its_slots_back(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from search.embedders.slots import CoreSlots\n"
            f"with CoreSlots(cores=1, directory={str(tmp_path)!r}).take(1):\n"
            "    print('held', flush=True); time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        holder.kill()
        holder.wait(10)
        with CoreSlots(cores=1, directory=tmp_path).take(1) as taken:
            assert taken == 1
    finally:
        holder.kill()
