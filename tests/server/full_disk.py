"""A blob store on a nearly full disk: the server's tests and the client's share it."""

from __future__ import annotations

import errno

from server.storage import FileSystemStorage


class FullDisk(FileSystemStorage):
    """The file system, except that writing past `room` bytes fails with ENOSPC."""

    def __init__(self, root, room: int) -> None:
        super().__init__(root)
        self.room = room

    def begin(self, key):
        writer = super().begin(key)
        inner_write, disk = writer.write, self

        def write(chunk: bytes) -> None:
            if len(chunk) > disk.room:
                raise OSError(errno.ENOSPC, "No space left on device")
            disk.room -= len(chunk)
            inner_write(chunk)

        writer.write = write
        return writer
