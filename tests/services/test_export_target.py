"""A kiosk's export goes to a mounted USB stick, or nowhere; HEMS_EXPORT_DIR overrides."""

from __future__ import annotations

from pathlib import Path

from app.services.export_target import EXPORT_DIR_ENV, export_dir, removable_mounts


def test_the_override_wins(tmp_path: Path) -> None:
    assert export_dir({EXPORT_DIR_ENV: str(tmp_path)}, roots=()) == tmp_path


def test_a_stick_is_a_mount_at_root_user_label(tmp_path: Path) -> None:
    media, run_media = tmp_path / "media", tmp_path / "run-media"
    stick = media / "panel" / "USB-STICK"
    other = run_media / "panel" / "CARD"
    plain = media / "panel" / "not-mounted"
    for folder in (stick, other, plain):
        folder.mkdir(parents=True)
    mounted = {stick, other}
    found = removable_mounts((media, run_media), is_mount=lambda p: p in mounted)
    assert found == [stick, other]
    assert export_dir({}, roots=(media, run_media), is_mount=lambda p: p in mounted) == stick


def test_no_stick_no_folder(tmp_path: Path) -> None:
    (tmp_path / "media" / "panel" / "folder").mkdir(parents=True)
    assert export_dir({}, roots=(tmp_path / "media", tmp_path / "missing"),
                      is_mount=lambda p: False) is None


def test_a_card_to_import_from_need_only_be_readable(tmp_path: Path) -> None:
    import os

    from app.services.export_target import import_dir

    card = tmp_path / "media" / "panel" / "SD-CARD"
    card.mkdir(parents=True)
    card.chmod(0o555)  # mounted read-only
    try:
        roots = (tmp_path / "media",)
        mounted = {card}.__contains__
        assert import_dir({}, roots=roots, is_mount=mounted) == card
        if os.geteuid() != 0:  # root may write anywhere: the read-only case is moot
            assert export_dir({}, roots=roots, is_mount=mounted) is None
        assert import_dir({EXPORT_DIR_ENV: "/x"}, roots=roots, is_mount=mounted) == Path("/x")
    finally:
        card.chmod(0o755)
