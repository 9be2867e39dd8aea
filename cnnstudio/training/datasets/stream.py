"""Training pictures read from their folder a batch at a time, by worker processes, instead of held in memory.

Why: a folder of 20,000 photos at 3x224x224 is 3 GB as 8-bit pixels, and a class's own photo collection can
be larger than the machine's memory. The ``folder`` set streams its training split when ``dataset.stream``
is true, or by itself when its pictures would take more than ``STREAM_ABOVE_BYTES`` (``auto``, the default:
see ``core.dataset_size.streams``); validation and test stay in memory (they are small, and read again
every epoch).

How: :class:`StreamedImages` is what the trainer's loop needs of its uint8 ``train_x`` tensor (``shape``,
indexing by a batch of indices, ``to(device)``). The trainer tells it each epoch's batches in advance
(:meth:`StreamedImages.plan`), and a ``torch.utils.data.DataLoader`` with worker processes decodes them in
that order while the model trains on the previous ones. A batch asked out of plan is decoded in place, so
any other use (results, samples) still works. Each picture is decoded and resized exactly as the in-memory
loader does, so a streamed run equals the same run held in memory (the whitening statistics come from at
most ``STATS_SAMPLE`` training pictures, evenly spaced: exact for smaller sets).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info

from .decode import read_pictures
from .errors import DatasetError

STATS_SAMPLE = 2048
PREFETCH_BATCHES = 4
READ_CHUNK = 256


class FolderFiles(Dataset):
    """The pictures of a folder set; item ``positions`` (a list) is their uint8 batch ``(N, C, H, W)``, in
    ``memory_format`` (a worker lays a batch out as the model takes it: no copy in the training process)."""

    def __init__(
        self,
        paths: Sequence[str],
        mode: str,
        size: tuple[int, int],
        memory_format: torch.memory_format = torch.contiguous_format,
    ) -> None:
        self.paths, self.mode, self.size, self.memory_format = list(paths), mode, size, memory_format

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, positions: list[int]) -> torch.Tensor:
        in_worker = get_worker_info() is not None  # a worker's batch is made in shared memory, to be sent
        paths = [self.paths[p] for p in positions]
        return read_pictures(paths, self.mode, self.size, self.memory_format, shared=in_worker)

    def in_format(self, memory_format: torch.memory_format) -> FolderFiles:
        return FolderFiles(self.paths, self.mode, self.size, memory_format)


class _Plan:
    """The batches the loader's workers read next: replaced each epoch, iterated when the loader restarts."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    def __iter__(self):
        return iter(self.batches)

    def __len__(self) -> int:
        return len(self.batches)


class StreamedImages:
    """uint8 ``(N, C, H, W)`` pictures that stay in their files: the part of a tensor the trainer uses."""

    dtype = torch.uint8

    def __init__(
        self,
        files: FolderFiles,
        positions: torch.Tensor | None = None,
        device: torch.device | str = "cpu",
        memory_format: torch.memory_format = torch.contiguous_format,
    ) -> None:
        self.files = files
        self.positions = torch.arange(len(files)) if positions is None else positions.cpu().long()
        self.device, self.memory_format = torch.device(device), memory_format
        self._plan, self._planned, self._next = _Plan(), [], 0
        self._loader: DataLoader | None = None
        self._batches = None

    # -- what the trainer and the splits use of a tensor -----------------------------------------------
    @property
    def shape(self) -> torch.Size:
        channels = 1 if self.files.mode == "L" else 3
        return torch.Size((self.positions.numel(), channels, *self.files.size))

    def __len__(self) -> int:
        return self.positions.numel()

    def dim(self) -> int:
        return 4

    def numel(self) -> int:
        return self.shape.numel()

    def element_size(self) -> int:
        return 1

    def to(self, device: torch.device | str) -> StreamedImages:
        return StreamedImages(self.files, self.positions, device, self.memory_format)

    def contiguous(self, memory_format: torch.memory_format = torch.contiguous_format) -> StreamedImages:
        return StreamedImages(self.files, self.positions, self.device, memory_format)

    def float(self) -> torch.Tensor:
        """Not offered: the whole split as floats is what streaming avoids (a DDP export needs it held)."""
        raise DatasetError(
            "the folder's training pictures are streamed from their files (too many to hold in memory); "
            "set dataset.stream to false, or a smaller dataset.limit, to hold them"
        )

    def subset(self, index: torch.Tensor) -> StreamedImages:
        """Some of these pictures, still in their files (a split)."""
        return StreamedImages(self.files, self.positions[index.cpu()], self.device, self.memory_format)

    def load(self) -> torch.Tensor:
        """Every picture, decoded into one uint8 tensor (for the small validation and test splits)."""
        return self._read(self.positions.tolist())

    def sample(self, count: int = STATS_SAMPLE) -> torch.Tensor:
        """At most ``count`` pictures, evenly spaced, decoded (the whitening statistics are measured on them)."""
        n = len(self)
        picks = range(n) if n <= count else torch.linspace(0, n - 1, count).round().long().tolist()
        return self._read([int(self.positions[i]) for i in picks])

    def __getitem__(self, index: torch.Tensor | slice | int) -> torch.Tensor:
        """A uint8 batch on this set's device; the next planned batch comes from the workers."""
        if self._next < len(self._planned) and index is self._planned[self._next]:
            self._next += 1
            batch = next(self._batches_iter())
        else:
            picks = self.positions[index.cpu() if isinstance(index, torch.Tensor) else index]
            batch = self._read(picks.reshape(-1).tolist())
            if isinstance(index, int):
                batch = batch[0]
        batch = batch.to(self.device, non_blocking=True)
        return batch.contiguous(memory_format=self.memory_format) if batch.dim() == 4 else batch

    # -- reading ahead ----------------------------------------------------------------------------------
    def plan(self, batches: Sequence[torch.Tensor]) -> None:
        """The batches (index tensors into this set) the next epoch will ask for, in order: the workers
        start reading them when the first is asked for."""
        self._planned, self._next, self._batches = list(batches), 0, None
        self._plan.batches = [self.positions[b.cpu()].tolist() for b in self._planned]

    def _batches_iter(self):
        if self._batches is None:
            self._batches = iter(self._data_loader())
        return self._batches

    def _data_loader(self) -> DataLoader:
        if self._loader is None:
            workers = stream_workers()
            self._loader = DataLoader(
                self.files.in_format(self.memory_format),
                batch_size=None,  # each item is a whole batch: the plan's lists of positions
                sampler=self._plan,
                num_workers=workers,
                prefetch_factor=PREFETCH_BATCHES if workers else None,
                persistent_workers=workers > 0,
                pin_memory=self.device.type == "cuda",
            )
        return self._loader

    def _read(self, positions: list[int]) -> torch.Tensor:
        """The pictures at ``positions``, decoded here, or by the workers in chunks when there are many."""
        if not positions:
            return torch.empty((0, *self.shape[1:]), dtype=torch.uint8)
        workers = stream_workers()
        if len(positions) <= 2 * READ_CHUNK or workers < 2:
            return self.files[positions]
        chunks = [positions[i : i + READ_CHUNK] for i in range(0, len(positions), READ_CHUNK)]
        return torch.cat(list(DataLoader(self.files, batch_size=None, sampler=chunks, num_workers=workers)))


def stream_workers() -> int:
    """Worker processes that decode pictures: half the cores (the other half trains), 1 to 8."""
    return max(1, min(8, (os.cpu_count() or 2) // 2))
