"""`python -m tests.cloud.full_disk_server ...`: the real server on a disk with 64 bytes free."""

from __future__ import annotations

import errno

from server.main import build_parser, serve
from server.storage import FileSystemStorage


class FullDisk(FileSystemStorage):
    def __init__(self, root, room: int) -> None:
        super().__init__(root)
        self.room = room

    def begin(self, key):
        writer = super().begin(key)
        inner, disk = writer.write, self

        def write(chunk: bytes) -> None:
            if len(chunk) > disk.room:
                raise OSError(errno.ENOSPC, "No space left on device")
            disk.room -= len(chunk)
            inner(chunk)

        writer.write = write
        return writer


if __name__ == "__main__":
    args = build_parser().parse_args()
    raise SystemExit(serve(args, storage=FullDisk(args.data / "blobs", room=64)))
