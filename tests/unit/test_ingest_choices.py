from __future__ import annotations

import pytest

from index.embedding import DeviceChoice, choose_device
from index.storage.commits import group_size
from index.storage.sources import worker_count


@pytest.mark.parametrize(("files", "cpus", "workers"), [(2, 16, 0), (7, 2, 0), (8, 1, 0), (8, 2, 1), (373, 2, 1),
                                                        (373, 4, 3), (373, 16, 4)])
def test_workers_only_for_enough_files_and_cores(files: int, cpus: int, workers: int) -> None:
    assert worker_count(files, cpus) == workers


def test_the_model_gets_several_batches_at_a_time() -> None:
    assert group_size(32) == 256


@pytest.mark.parametrize(("requested", "cuda", "mps", "expected"), [
    (None, False, False, DeviceChoice("cpu", half=False, batch_size=32)),
    (None, True, False, DeviceChoice("cuda", half=True, batch_size=128)),
    (None, False, True, DeviceChoice("mps", half=True, batch_size=64)),
    (None, True, True, DeviceChoice("cuda", half=True, batch_size=128)),
    ("cpu", True, False, DeviceChoice("cpu", half=False, batch_size=32)),
    ("cuda:1", False, False, DeviceChoice("cuda:1", half=True, batch_size=128)),
    ("xpu", False, False, DeviceChoice("xpu", half=False, batch_size=32)),
])
def test_device_choice(requested: str | None, cuda: bool, mps: bool, expected: DeviceChoice) -> None:
    assert choose_device(requested, cuda, mps) == expected


def test_the_device_is_described_for_the_log() -> None:
    assert choose_device(None, True, False).describe() == "cuda (half precision, batches of 128)"
