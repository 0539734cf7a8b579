"""Where an export lands: pipes and terminals written into, disk-full as one line, stale temp files swept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store import Store
from tests.export.helpers import annotate, export
from tests.helpers import in_pty


@pytest.fixture
def annotated_db(seeded: Store, db_path: Path) -> Path:
    annotate(seeded)
    seeded.close()
    return db_path


def test_export_into_a_fifo_feeds_its_reader_and_keeps_the_fifo(annotated_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = export(annotated_db, "--format", "native", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    expected = export(annotated_db, "--format", "native").stdout_bytes
    assert received == [expected] and expected.count(b"\n") >= 3
    assert fifo.is_fifo() and not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def stdout_link(folder: Path) -> Path:
    """A /dev/stdout of our own: a link to the process's fd 1, so no test ever renames anything in /dev."""
    link = folder / "stdout"
    link.symlink_to("/proc/self/fd/1")
    return link


def test_export_to_stdout_on_a_terminal_writes_to_the_terminal(annotated_db: Path, tmp_path: Path) -> None:
    """/dev/stdout of a process on a pty: the bytes reach the terminal and the link is left alone."""
    link = stdout_link(tmp_path)
    code, shown = in_pty(
        ["--db", str(annotated_db), "--annotator", "tester", "export", "--format", "doccano", "-o", str(link)], tmp_path
    )
    assert code == 0, shown
    assert shown.count('"annotator"') >= 3 and '"label"' in shown
    assert link.is_symlink() and not list(tmp_path.glob(".*.part"))


def test_export_to_stdout_redirected_to_a_file_fills_that_file(annotated_db: Path, tmp_path: Path) -> None:
    link = stdout_link(tmp_path)
    out = tmp_path / "shell-redirect.jsonl"
    with out.open("wb") as handle:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "reader",
                "--db",
                str(annotated_db),
                "--annotator",
                "tester",
                "export",
                "--format",
                "native",
                "-o",
                str(link),
            ],
            stdout=handle,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(Path.cwd())},
        )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == export(annotated_db, "--format", "native").stdout_bytes
    assert link.is_symlink() and not list(tmp_path.glob(".*.part"))


@pytest.fixture
def full_folder(tmp_path: Path) -> Iterator[Path]:
    """A tiny tmpfs that fills up after 8 KB: a real disk-full (needs the right to mount; skipped without it)."""
    folder = tmp_path / "full"
    folder.mkdir()
    if (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(folder)], capture_output=True).returncode
        != 0
    ):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("fmt,target", [("native", "out.jsonl"), ("hf", "out.jsonl"), ("brat", "brat")])
def test_disk_full_is_one_line_exit_1_and_no_file(annotated_db: Path, full_folder: Path, fmt: str, target: str) -> None:
    result = export(annotated_db, "--format", fmt, "-o", str(full_folder / target))
    assert result.exit_code == 1
    assert (
        result.stderr == f"claim-reader: error: {full_folder / target}: No space left on device; nothing was written\n"
    )
    assert list(full_folder.iterdir()) == []


@pytest.mark.parametrize("fmt", ["native", "prodigy"])
def test_disk_full_without_a_tmpfs(
    annotated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """The temp file's writes go to /dev/full (every write fails with ENOSPC), as they would on a full disk."""
    if not Path("/dev/full").is_char_device():
        pytest.skip("no /dev/full")
    real_mkstemp = tempfile.mkstemp

    def full_mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), name

    monkeypatch.setattr(tempfile, "mkstemp", full_mkstemp)
    out = tmp_path / "out.jsonl"
    result = export(annotated_db, "--format", fmt, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"claim-reader: error: {out}: No space left on device; nothing was written\n"
    assert not out.exists() and not list(tmp_path.glob(".*.part"))


KILLED = textwrap.dedent("""
    import os, signal, sys
    from reader.export.writer import atomic_dir, atomic_file
    with atomic_file(sys.argv[1]) as out:
        out.write(b"half a line")
        out.flush()
        with atomic_dir(sys.argv[2]) as folder:
            (folder / "part-00000.spacy").write_bytes(b"x")
            os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_killed_exports_temp_files_are_removed_by_the_next_export(annotated_db: Path, tmp_path: Path) -> None:
    out, folder = tmp_path / "out.jsonl", tmp_path / "brat"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, str(out), str(folder)], env={**os.environ, "PYTHONPATH": str(Path.cwd())}
    )
    assert killed.returncode == -signal.SIGKILL
    stale = sorted(p.name for p in tmp_path.glob(".*.part"))
    assert len(stale) == 2, stale
    live = tmp_path / f".out.jsonl.{os.getpid()}.0000.part"
    live.write_bytes(b"another export still writing")
    assert export(annotated_db, "--format", "native", "-o", str(out)).exit_code == 0
    assert export(annotated_db, "--format", "brat", "-o", str(folder)).exit_code == 0
    assert sorted(p.name for p in tmp_path.glob(".*.part")) == [live.name]
    assert out.read_bytes().endswith(b"\n") and (folder / "annotation.conf").is_file()


@pytest.mark.parametrize("args", [("-o", "-"), ()])
def test_spacy_to_stdout_is_a_usage_error(
    annotated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = export(annotated_db, "--format", "spacy", *args)
    assert result.exit_code == 2 and "--format spacy writes more than one file: give -o PATH" in result.stderr
    assert not (tmp_path / "-").exists()


def test_a_failing_stdout_is_one_line_that_says_the_output_is_incomplete(monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import io

    from reader.export.writer import ExportError, atomic_file

    class Closed(io.BytesIO):
        def write(self, data: bytes) -> int:
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(Closed()))
    with (
        pytest.raises(ExportError, match=r"^<stdout>: Broken pipe; the output is incomplete$"),
        atomic_file("-") as out,
    ):
        out.write(b"a line\n")
