"""in_parallel: batches side by side keep their order, restore torch's thread count, and pass errors on."""

import threading

import pytest
import torch

from attrib.model.parallel import in_parallel


@pytest.fixture
def two_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


def test_results_come_back_in_order_from_several_threads(two_threads):
    seen = set()

    def forward(i: int) -> int:
        seen.add(threading.current_thread().name)
        assert torch.get_num_threads() == 1  # one torch thread per batch while they run side by side
        return i * i

    assert list(in_parallel(forward, range(50))) == [(i, i * i) for i in range(50)]
    assert torch.get_num_threads() == 2
    assert all(name.startswith("attrib-encoder") for name in seen)


def test_an_error_reaches_the_caller_and_the_thread_count_is_restored(two_threads):
    def forward(i: int) -> int:
        if i == 7:
            raise ValueError("bad batch")
        return i

    with pytest.raises(ValueError, match="bad batch"):
        list(in_parallel(forward, range(20)))
    assert torch.get_num_threads() == 2


def test_after_an_error_queued_batches_are_not_run(two_threads):
    ran = []

    def forward(i: int) -> int:
        ran.append(i)
        if i == 0:
            raise ValueError("bad batch")
        return i

    with pytest.raises(ValueError):
        list(in_parallel(forward, range(100)))
    assert len(ran) <= 4  # at most two batches per thread were ever queued


def test_a_consumer_that_stops_early_restores_the_thread_count(two_threads):
    results = in_parallel(lambda i: i, range(100))
    assert next(results) == (0, 0)
    results.close()
    assert torch.get_num_threads() == 2


def test_one_thread_runs_in_the_caller():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        names = [name for _, name in in_parallel(lambda i: threading.current_thread().name, range(3))]
        assert names == [threading.current_thread().name] * 3
    finally:
        torch.set_num_threads(before)
