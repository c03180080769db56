"""`python -m tests.cloud.full_disk_server ...`: the real server on a disk with 64 bytes free."""

from __future__ import annotations

from server.main import build_parser, serve
from tests.server.full_disk import FullDisk

if __name__ == "__main__":
    args = build_parser().parse_args()
    raise SystemExit(serve(args, storage=FullDisk(args.data / "blobs", room=64)))
