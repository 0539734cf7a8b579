"""The store's one connection to its database file: opening it, its write transaction (the writers' queue, the retry
while another process holds the lock, checkpoints), read snapshots, integrity checks and backups."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import sqlite3
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from reader import temp_files
from reader.errors import StoreError, WriteBusy, refuse_special_file
from reader.store import locks

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_MAGIC = b"SQLite format 3\x00"
SCHEMA_VERSION = 10
"""How many migrations reader/store/migrations.py defines; kept in PRAGMA user_version so opening needs no migration
code."""
Check = Literal["never", "writes", "always"]
"""When opening runs quick_check: never (the reader), only if the open itself writes (read-only commands), always."""
PARTIAL = ".partial"
"""The end of the name of the private folder a backup is made in before it is renamed into place."""
SIDE_FILES = ("-wal", "-shm", "-journal", "-lock")
"""What SQLite and the writers' queue keep beside a database file, named by suffix."""
BUSY_TIMEOUT_MS = 10_000
WRITE_RETRY_SECONDS = 60.0
"""How long a write waits for another writer before it gives up with one line naming whom it waited for."""
SAY_WAIT_AFTER = 1.0
"""How long a write waits in silence before it says whom it waits for (within 2 s, as a user notices a pause)."""
RETRY_BUSY_MS = 200
"""SQLite's busy wait per try while another program holds SQLite's own lock, so waiting can be reported on time."""
CHECKPOINT_EVERY = 100
"""Commits of one connection between two WAL checkpoints, made outside the writers' turn."""
WAL_SAFETY_PAGES = 10_000
"""SQLite's automatic checkpoint (default 1,000 pages), kept only as a bound on the WAL for connections that write
rarely."""


class Connection:
    """One open database: the SQLite connection every part of a store shares, and the only way to write through it.

    The connection belongs to the thread that opened it (SQLite's check stays on): a worker thread opens its own
    store with `Store.another()`.
    """

    def __init__(self, path: str | Path, *, readonly: bool | None = None, check: Check = "never") -> None:
        """Open (or create) the database and migrate it; `check` runs SQLite's quick_check first ("always", or
        "writes": only when opening writes), so a corrupt file is refused before it is written."""
        self.path = Path(path)
        self.on_wait: Callable[[str], None] | None = None
        """Told once, in words, when a write has waited SAY_WAIT_AFTER for another process (a command says it on
        stderr); None: wait in silence."""
        self._depth = 0
        check_file(self.path)
        self.readonly = not _writable(self.path) if readonly is None else readonly
        if self.readonly and not self.path.exists():
            raise StoreError(f"{self.path}: database does not exist and cannot be created here (read-only)")
        self.created = not self.path.exists() or self.path.stat().st_size == 0
        # A new database gets its lock file first (so an empty file beside it is known as ours); an existing one only
        # once it proved to be a claim-reader database, so nothing is left beside another program's file.
        self._queue_fd = _open_queue(self.path) if self.created and not self.readonly else None
        if self._queue_fd is not None:
            _create_file(self.path)
        self._commits = 0
        self._intact: tuple[int, int] | None = None  # (data_version, commits) when quick_check last passed
        try:
            self.conn = self._connect("never" if self.created else check)
        except BaseException:
            self._close_queue()
            raise
        if not self.created and not self.readonly:
            try:
                self._queue_fd = _open_queue(self.path)
            except StoreError:
                self.conn.close()
                raise
        if self._queue_fd is not None:
            _follow_permissions(self._queue_fd, self.path)
        if self._checked:
            self._intact = (self.data_version(), self._commits)
        try:
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(f"{self.path}: {sqlite_reason(exc)}") from None

    def _connect(self, check: Check) -> sqlite3.Connection:
        """Open the connection in autocommit mode (transactions are explicit) with WAL and a busy timeout; `check`
        refuses a corrupt file before WAL mode or a migration writes to it."""
        if self.readonly:
            conn = open_readonly(self.path)
        else:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -65536")
            self._checked = check == "always" or (check == "writes" and self._open_writes(conn))
            problem = quick_check(conn) if self._checked else None
            if problem:
                conn.close()
                raise StoreError(
                    f"{self.path}: the database is corrupt (quick_check: {problem}); nothing was read or written"
                )
            foreign = [] if self.created else _foreign_tables(conn)
            if foreign:
                conn.close()
                raise StoreError(
                    f"{self.path}: an SQLite database of another program (tables {', '.join(foreign[:5])}"
                    f"{', ...' if len(foreign) > 5 else ''}), not a claim-reader database"
                )
            if not self.readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_SAFETY_PAGES}")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{self.path}: {sqlite_reason(exc)}") from None
        return conn

    def _open_writes(self, conn: sqlite3.Connection) -> bool:
        """Whether opening will write to the file: switching it to WAL or migrating it (a read-only open writes
        nothing)."""
        if self.readonly:
            return False
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        return mode != "wal" or conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION

    @cached_property
    def utils(self) -> Database:
        """A sqlite-utils view of the same connection, for migrations; imported lazily to keep start-up fast."""
        from sqlite_utils import Database

        return Database(self.conn)

    def _migrate(self) -> None:
        """Apply pending migrations; refuse a database written by a newer version."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer claim-reader (schema {version}); upgrade claim-reader")
        from reader.store.migrations import migrations

        if self.readonly:
            if migrations.pending(self.utils):
                raise StoreError(f"{self.path}: needs an upgrade but is read-only")
            return

        with self.write():
            migrations.apply(self.utils)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def write(self, *, wait: bool = True) -> Iterator[None]:
        """Wrap writes in one IMMEDIATE transaction: all of it is committed, or none of it. A write inside another
        joins it, so an action made of several writes is still one transaction.

        With `wait=False` a write that would have to wait for another writer (the writers' queue or SQLite's lock)
        raises WriteBusy at once instead, so a caller that must not block can try again later. A write that waits
        says whom it waits for through `on_wait`, and gives up after WRITE_RETRY_SECONDS.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: database is read-only")
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self._writers_turn(wait):
            if wait:
                self._retry(lambda: self.conn.execute("BEGIN IMMEDIATE"))
            else:
                self._begin_now()
            self._depth = 1
            try:
                yield
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self._rollback()
                raise StoreError(f"{self.path}: write failed, nothing was saved: {sqlite_reason(exc)}") from None
            except BaseException:
                self._rollback()
                raise
            finally:
                self._depth = 0
        self._commits += 1
        if self._commits % CHECKPOINT_EVERY == 0:
            self._checkpoint()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Hold one read transaction, so the several cursors of an export see the same committed state."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def _retry(self, action: Callable[[], Any]) -> Any:
        """Run a write, retrying while another process holds SQLite's lock, so "database is locked" never reaches a
        user: after SAY_WAIT_AFTER it says whom it waits for, after WRITE_RETRY_SECONDS it gives up saying so."""
        began, said = time.monotonic(), False
        self.conn.execute(f"PRAGMA busy_timeout = {RETRY_BUSY_MS}")
        try:
            while True:
                try:
                    return action()
                except sqlite3.OperationalError as exc:
                    if not _busy(exc):
                        raise StoreError(f"{self.path}: {sqlite_reason(exc)}") from None
                waited = time.monotonic() - began
                if waited > WRITE_RETRY_SECONDS:
                    raise StoreError(
                        f"{self.path}: gave up after waiting {WRITE_RETRY_SECONDS:.0f} s for SQLite's lock:"
                        f" {self.lock_holders(sqlite=True)}; nothing was written"
                    ) from None
                if not said and waited >= SAY_WAIT_AFTER:
                    said = True
                    self._say_waiting(self.lock_holders(sqlite=True))
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def lock_holders(self, *, sqlite: bool = False) -> str:
        """Whom a writer waits for, in words: the holders of the writers' lock, or (`sqlite`) of SQLite's locks on the
        database and its shared memory."""
        files = self.files()
        paths = [files[0], Path(f"{self.path}-shm")] if sqlite else [Path(f"{self.path}-lock")]
        return locks.describe(paths)

    def waiting_for(self) -> str:
        """Whom a write that could not start waits for, in words: the holder of the writers' lock, else of SQLite's."""
        queue = locks.holders([Path(f"{self.path}-lock")])
        return "; ".join(map(str, queue)) if queue else self.lock_holders(sqlite=True)

    def _say_waiting(self, whom: str) -> None:
        """Tell `on_wait` (if any) that a write waits, and for whom."""
        if self.on_wait is not None:
            self.on_wait(f"{self.path}: waiting to write: {whom}")

    def _begin_now(self) -> None:
        """Begin the write transaction without SQLite's busy wait: WriteBusy if another connection holds the lock."""
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                raise WriteBusy(f"{self.path}: another writer is at work; nothing was written") from None
            raise StoreError(f"{self.path}: {sqlite_reason(exc)}") from None
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _checkpoint(self) -> None:
        """Copy the WAL into the database outside the writers' turn (SQLite's automatic one would hold it up to
        fsync); one that cannot run now waits for the next."""
        try:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.OperationalError:
            pass

    @contextmanager
    def _writers_turn(self, wait: bool) -> Iterator[None]:
        """Wait for our turn on a lock file the kernel hands over at once (SQLite's busy handler sleeps up to 100 ms
        per try); without `wait`, WriteBusy if another writer has it."""
        if self._queue_fd is None:
            yield
            return
        try:
            fcntl.flock(self._queue_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise WriteBusy(f"{self.path}: another writer is at work; nothing was written") from None
            self._wait_turn()
        try:
            yield
        finally:
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    def _wait_turn(self) -> None:
        """Wait for the writers' lock as the kernel queues it, saying whom we wait for after SAY_WAIT_AFTER and giving
        up after WRITE_RETRY_SECONDS; the wait runs in a thread of its own, since a blocked flock cannot time out."""
        assert self._queue_fd is not None
        turn = _Turn(self._queue_fd)
        if not turn.taken.wait(SAY_WAIT_AFTER):
            self._say_waiting(self.lock_holders())
            if not turn.taken.wait(WRITE_RETRY_SECONDS - SAY_WAIT_AFTER) and turn.give_up():
                raise StoreError(
                    f"{self.path}: gave up after waiting {WRITE_RETRY_SECONDS:.0f} s for the writers' lock:"
                    f" {self.lock_holders()}; nothing was written"
                )
        turn.check()

    def _rollback(self) -> None:
        """Roll back the open transaction, if SQLite has not already done so after an error such as a full disk."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass

    def check_intact(self) -> None:
        """Refuse to write into a damaged database: SQLite's quick_check, run before bulk writes (import, merge),
        skipped when it passed and nobody has committed since."""
        state = (self.data_version(), self._commits)
        if state == self._intact:
            return
        problem = quick_check(self.conn)
        if problem:
            raise StoreError(f"{self.path}: the database is corrupt (quick_check: {problem}); nothing was written")
        self._intact = state

    def integrity_problems(self) -> list[str]:
        """What SQLite's full integrity check finds wrong with the file (nothing: an empty list)."""
        return [row[0] for row in self.conn.execute("PRAGMA integrity_check") if row[0] != "ok"]

    def files(self) -> tuple[Path, ...]:
        """The database file and the files beside it that are part of it (SQLite's WAL, shared memory and journal, the
        writers' lock): nothing may be written over any of them."""
        return (self.path, *(Path(f"{self.path}{suffix}") for suffix in SIDE_FILES))

    def data_version(self) -> int:
        """Return a number that changes when another connection commits, for cheap polling."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def backup(self, target: str | Path, *, force: bool = False) -> int:
        """Copy the database with SQLite's backup API, consistent while others write, into a private temporary folder
        beside the target (SQLite's journal included), renamed into place; return its size.

        The folder's name no one can guess or take first, it is removed whatever happens, and the next backup to the
        same target removes those this account's killed backups left.
        """
        path = Path(target)
        kept = temp_files.same_file(path, self.files())
        if kept is not None or (path.exists() and path.resolve() == self.path.resolve()):
            raise StoreError(f"{path}: is the database file {kept or self.path}; back up to another file")
        refuse_special_file(path, StoreError)
        if path.exists() and not force:
            raise StoreError(f"{path}: already exists; pass --force to overwrite it")
        temp_files.remove_stale(path, PARTIAL)
        work: Path | None = None
        try:
            work = Path(tempfile.mkdtemp(prefix=temp_files.prefix(path), suffix=PARTIAL, dir=path.parent))
            partial = work / path.name
            copy = sqlite3.connect(partial)
            try:
                self.conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
            os.replace(partial, path)
        except (sqlite3.DatabaseError, OSError) as exc:
            reason = sqlite_reason(exc) if isinstance(exc, sqlite3.Error) else exc.strerror or str(exc)
            raise StoreError(f"{path}: backup failed, nothing was written: {reason}") from None
        finally:
            if work is not None:
                shutil.rmtree(work, ignore_errors=True)
        return path.stat().st_size

    def close(self) -> None:
        """Close the connection (and the writers' lock file)."""
        self.conn.close()
        self._close_queue()

    def _close_queue(self) -> None:
        """Close the writers' lock file, if open."""
        if self._queue_fd is not None:
            os.close(self._queue_fd)
            self._queue_fd = None


def check_file(path: Path) -> None:
    """Refuse a file that exists but is not an SQLite database, before SQLite touches it.

    An empty file is one only while claim-reader creates it, which it does after creating the lock file beside it;
    any other empty file (touched, truncated, someone else's) is refused rather than silently made a new database.
    """
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    refuse_special_file(path, StoreError)
    for suffix in SIDE_FILES:  # a database made there would be taken for the other's side file, and lost with it
        owner = Path(str(path).removesuffix(suffix))
        if path.name.endswith(suffix) and owner.is_file():
            raise StoreError(f"{path}: is the {suffix[1:]} file of the database {owner}; name the database itself")
    if not path.exists():
        return
    if path.stat().st_size == 0:
        if not Path(f"{path}-lock").exists():
            raise StoreError(f"{path}: an empty file, not a claim-reader database; remove it to start a new one")
        return
    try:
        with path.open("rb") as handle:
            magic = handle.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read it: {exc.strerror}") from None
    if magic != SQLITE_MAGIC:
        raise StoreError(f"{path}: not an SQLite database")


def sqlite_reason(exc: sqlite3.Error) -> str:
    """SQLite's error as the user should read it: a full disk says the errno text, as any other OSError does."""
    if getattr(exc, "sqlite_errorcode", None) is not None and exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_FULL:
        return f"{os.strerror(errno.ENOSPC)} ({exc})"
    return str(exc)


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open a database read-only; an idle WAL database in a folder we cannot write only opens as immutable, so fall
    back to that."""
    base = f"file:{quote(str(path.resolve()))}"
    conn = None
    try:
        conn = sqlite3.connect(f"{base}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if "readonly" not in str(exc):
            raise StoreError(f"{path}: cannot open it read-only: {exc}") from None
    if Path(f"{path}-wal").exists():
        raise StoreError(
            f"{path}: read-only, and another process left changes in {path.name}-wal; open it once where it is writable"
        )
    return sqlite3.connect(f"{base}?immutable=1", uri=True, isolation_level=None)


def quick_check(conn: sqlite3.Connection) -> str | None:
    """SQLite's quick_check (page structure, linear in the file) as one line, or None when the file is sound."""
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else " ".join(" ".join(rows).split())[:300]


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Whether an error says another connection holds the lock (so waiting, or trying later, would help)."""
    return "locked" in str(exc) or "busy" in str(exc)


def _writable(path: Path) -> bool:
    """Tell whether SQLite could write the database and its WAL files next to it."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists():
        return os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    return os.access(folder, os.W_OK)


class _Turn:
    """One blocked wait for the writers' lock, in a thread of its own: on a duplicate of the lock file's descriptor
    (the same open file, so the same lock), which the thread closes, so a wait given up never touches a descriptor
    number the process has since reused."""

    def __init__(self, fd: int) -> None:
        self.taken = threading.Event()
        self._fd = os.dup(fd)
        self._lock = threading.Lock()
        self._given_up = False
        self._error: OSError | None = None
        threading.Thread(target=self._wait, name="claim-reader writers' lock", daemon=True).start()

    def _wait(self) -> None:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except OSError as exc:
            self._error = exc
        with self._lock:
            if self._given_up and self._error is None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self.taken.set()

    def give_up(self) -> bool:
        """Stop waiting; False if the lock was taken meanwhile (then it is ours after all)."""
        with self._lock:
            self._given_up = not self.taken.is_set()
            return self._given_up

    def check(self) -> None:
        """Raise what went wrong while waiting, if anything did."""
        if self._error is not None:
            raise StoreError(f"cannot take the writers' lock: {self._error.strerror}")


def _open_queue(path: Path) -> int | None:
    """Open (creating) the lock file beside the database that orders its writers, read-write, so that only those who
    may write the database can open it and take the lock (its permissions follow the database's, see
    `_follow_permissions`); an older lock file only readable here still orders writers.

    Opened without blocking and refused unless it is a regular file: a pipe planted under its name would otherwise
    hang every writer on open.
    """
    name = f"{path}-lock"
    fd = None
    for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
        try:
            fd = os.open(name, flags | os.O_NONBLOCK | os.O_NOFOLLOW, _lock_mode(path))
            break
        except OSError:
            continue
    if fd is None:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise StoreError(f"{name}: not a regular file (a pipe, device or socket); remove it")
    return fd


def _lock_mode(path: Path) -> int:
    """The writers' lock file's permissions: read and write for each class of user who may write the database, nothing
    for the others (who could otherwise take the lock and block every writer); a database yet to be created: as it
    will be (see `_create_file`)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = 0o666 & ~temp_files.umask()
    return sum(bit | bit << 1 for bit in (stat.S_IWUSR, stat.S_IWGRP, stat.S_IWOTH) if mode & bit)


def _create_file(path: Path) -> None:
    """Create a new database's file as any program creates a file (0666 less the umask, so a team's umask 002 lets
    its group write it; SQLite alone would make it 0644), before SQLite opens it; its WAL files take its
    permissions."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666))
    except FileExistsError:
        pass


def _follow_permissions(fd: int, path: Path) -> None:
    """Give the lock file the permissions the database's write permissions call for, when it is ours to change (a
    lock file of another account, or of an older claim-reader, stays as it is)."""
    try:
        found = os.fstat(fd)
        wanted = _lock_mode(path)
        if found.st_uid == os.getuid() and stat.S_IMODE(found.st_mode) != wanted:
            os.fchmod(fd, wanted)
    except OSError:
        pass


def _foreign_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables of a database some other program made (it has tables but not claim-reader's migration record), else
    []."""
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [] if "_sqlite_migrations" in tables else tables
