"""The one way outputs are published (outputs.py): complete or absent, never over existing
results without --force, stale temporary entries of dead processes removed, the umask kept,
and concurrent publishers that never lose each other's files."""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
import sys
from pathlib import Path

import pytest

from astrolabe_fab import outputs
from astrolabe_fab.errors import InputError
from astrolabe_fab.outputs import Target, check_target, publish_file, publish_folder
from tests.faults.procs import temp_entries

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork, flock")
FILES = {"a.txt": b"a", "b.txt": b"b" * 1000, "manifest.json": b"{}"}


def build_target(path: Path, force: bool = False) -> Target:
    return Target(path, force=force, numbered=True, marker="manifest.json")


def test_a_folder_appears_complete_with_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        out = publish_folder(build_target(tmp_path / "x" / "y"), FILES)
    finally:
        os.umask(old)
    assert out == tmp_path / "x" / "y"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == FILES
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "x").stat().st_mode) == 0o750
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o640 for p in out.iterdir())
    assert temp_entries(tmp_path / "x") == []


def test_taken_names_are_numbered_and_force_replaces_only_astrofab_folders(
    tmp_path: Path,
) -> None:
    first = publish_folder(build_target(tmp_path / "o"), FILES)
    second = publish_folder(build_target(tmp_path / "o"), {**FILES, "a.txt": b"second"})
    assert (first.name, second.name) == ("o", "o-2")
    assert (first / "a.txt").read_bytes() == b"a"
    publish_folder(build_target(tmp_path / "o", force=True), {**FILES, "a.txt": b"third"})
    assert (first / "a.txt").read_bytes() == b"third" and not (tmp_path / "o-3").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("years of work")
    with pytest.raises(InputError, match="did not write"):
        publish_folder(build_target(foreign, force=True), FILES)
    assert (foreign / "thesis.tex").read_text() == "years of work"
    assert temp_entries(tmp_path) == []


def test_force_over_a_file_is_refused_and_over_a_link_replaces_the_link(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("keep")
    with pytest.raises(InputError, match="not a folder"):
        publish_folder(build_target(tmp_path / "f", force=True), FILES)
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    out = publish_folder(build_target(tmp_path / "link", force=True), FILES)
    assert out.is_dir() and not out.is_symlink() and list(target.iterdir()) == []
    assert (tmp_path / "f").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "f", "link"]


def test_a_failure_while_writing_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = outputs._write_new

    def fail_on_b(path: Path, data: bytes) -> None:
        if path.name == "b.txt":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(outputs, "_write_new", fail_on_b)
    with pytest.raises(InputError, match="no space left on device; nothing was written"):
        publish_folder(build_target(tmp_path / "new" / "deeper" / "o"), FILES)
    assert list(tmp_path.iterdir()) == []  # the folders made on the way are gone too


@pytest.mark.parametrize("name", [".", "..", "sub/..", "a" * 201, "é" * 101])
def test_unusable_names_are_refused_before_anything_is_done(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for force in (False, True):
        with pytest.raises(InputError):
            check_target(build_target(Path(name), force))
    assert list(tmp_path.iterdir()) == []


def _publish_then_die(folder: str) -> None:
    """In a child: start publishing, then die by SIGKILL half-way through the files."""
    written = []
    real = outputs._write_new

    def write_then_die(path: Path, data: bytes) -> None:
        real(path, data)
        written.append(path)
        if len(written) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    outputs._write_new = write_then_die  # type: ignore[assignment]
    publish_folder(build_target(Path(folder) / "o"), FILES)


@linux_only
def test_stale_temporary_entries_of_dead_processes_are_removed_by_the_next_publisher(
    tmp_path: Path,
) -> None:
    ctx = multiprocessing.get_context("fork")
    child = ctx.Process(target=_publish_then_die, args=(str(tmp_path),))
    child.start()
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    stale = temp_entries(tmp_path)
    assert len(stale) == 1 and f"astrofab-{child.pid}-" in stale[0]
    # not ours to remove: another name pattern, and a temporary entry of a live process
    (tmp_path / ".o.tmp").mkdir()
    alive = tmp_path / f".o.astrofab-{os.getpid()}-abcd1234.tmp"
    alive.mkdir()
    publish_folder(build_target(tmp_path / "other"), FILES)
    assert temp_entries(tmp_path) == [alive.name]
    assert (tmp_path / ".o.tmp").is_dir() and not (tmp_path / "o").exists()


def _publish_one(args: tuple[str, int, bool]) -> str:
    folder, k, numbered = args
    target = Target(Path(folder) / "o", numbered=numbered, marker="manifest.json")
    try:
        return publish_folder(target, {**FILES, "a.txt": str(k).encode()}).name
    except InputError as exc:
        return f"refused: {exc}"


@linux_only
@pytest.mark.parametrize("numbered", [True, False])
def test_concurrent_publishers_never_lose_each_others_files(numbered: bool, tmp_path: Path) -> None:
    with multiprocessing.get_context("fork").Pool(6) as pool:
        names = pool.map(_publish_one, [(str(tmp_path), k, numbered) for k in range(12)])
    kept = [n for n in names if not n.startswith("refused")]
    if numbered:  # a build: every one kept, under its own name
        assert sorted(kept) == sorted(["o", *(f"o-{k}" for k in range(2, 13))])
    else:  # a reduction: the first one wins, the others are told
        assert len(kept) == 1 and all("exists" in n for n in names if n not in kept)
    contents = sorted((tmp_path / n / "a.txt").read_text() for n in kept)
    assert len(set(contents)) == len(kept)
    assert temp_entries(tmp_path) == []


def test_a_single_file_is_never_replaced_without_force(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    publish_file(Target(path), b"one")
    with pytest.raises(InputError, match="exists: add --force"):
        publish_file(Target(path), b"two")
    publish_file(Target(path, force=True), b"three")
    assert path.read_bytes() == b"three" and temp_entries(tmp_path) == []
    with pytest.raises(InputError, match="does not exist"):
        publish_file(Target(tmp_path / "no" / "s.csv"), b"x")
