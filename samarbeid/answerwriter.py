"""The one owner of writing an answer file: ``init``, ``assess`` and ``import`` write answer
files through this module, and only through :func:`edit`.

* :func:`edit` is the one way a file is changed: it takes the file's lock
  (``.NAME.lock``), reads the file as it is now, hands it (:class:`Current`) to a merge
  function, writes what that returns atomically (through a symlink, to its target) and lets
  go. Whatever another writer saved meanwhile is in the file the merge starts from, so no
  writer saves a stale copy over another's work. :func:`create` is ``init``'s edit.
* :func:`blank` is the file ``samarbeid init`` writes: every question of the chosen roles as
  an empty placeholder, with comments on the scales, the wording and the schema line.
* :func:`updated` is the text of a file with respondents merged in: the blocks of an ``assess``
  session (:class:`Block`, in place of their old selves) and imported respondents (appended).
  A file that exists has passed the safe reader (:mod:`samarbeid.parse.yamlread` and
  :mod:`samarbeid.load.answers`) first and is rewritten with ruamel.yaml's round-trip mode, which
  keeps the user's comments, the schema line, the layout and everything else. The text about
  to be written is read back with the safe reader and must say exactly what is meant; if it
  does not, the file is written plainly instead (without comments, but never wrong). A text
  the safe reader would refuse (one of the limits in :mod:`samarbeid.parse.yamlread` passed) is
  never written: :class:`Unsavable`.
* :class:`SharedFile` is an answer file that several ``assess`` sessions (and a person with
  an editor, and ``import --into``) may write at the same time: each save is an :func:`edit`
  that merges the session's blocks into the file as it is now, and stops
  (:class:`BlockChanged`) rather than overwrite a change made elsewhere to the session's own
  block. A respondent is claimed by one session at a time (:class:`InUse`). A save changes
  only the session's own lines, in place, and reads only what other writers changed
  (:mod:`samarbeid.inplace`), so it costs the same in a file of two respondents or of five
  hundred; the round trip is its fallback.

The key order of the format is the field order of the models in :mod:`samarbeid.answerfile`;
answers and comments follow the rubric's order.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import hashlib
import io
import itertools
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from msgspec.structs import replace

from samarbeid import inplace
from samarbeid.answerfile import AnswerFile, Identity, RespondentEntry, identity
from samarbeid.errors import InputError, Problem, SamarbeidError, UsageError
from samarbeid.fileio import fitted_name, os_reason, write_atomic
from samarbeid.inplace import Layout, append_entry, edit_entry, layout, realigned, set_status
from samarbeid.load.answers import LoadedFile, load_bytes
from samarbeid.parse.yamlread import printable_name, read_bytes
from samarbeid.record import data_of, names, validated
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Phase as PhaseId
from samarbeid.vocab import Role, Status, Value

T = TypeVar("T")

#: The schema file the blank file's first line points editors to.
SCHEMA_FILE = "samarbeid-answers.schema.json"

_DIRECTIVE = "%YAML 1.1\n---\n"


def blank(rubric: Rubric, roles: Sequence[str], *, project_id: str, lang: str) -> str:
    """The text of a blank answer file for ``roles``: ``samarbeid init``'s output."""
    from samarbeid.i18n import t
    from samarbeid.render.templated import render_named

    text = render_named(
        "answers.yaml.j2",
        lang,
        rubric=rubric,
        roles=list(roles),
        project_id=project_id,
        schema_file=SCHEMA_FILE,
        phases=[t(f"phase.{p}", lang) for p in PhaseId],  # every one a word the reader takes
    )
    return text if text.endswith("\n") else text + "\n"


@dataclass
class Block:
    """One respondent as an ``assess`` session writes it, or as ``import`` updates an imported
    one (its ``source`` given)."""

    role: Role | str
    unit: str | None
    name: str | None
    status: Status | str
    answers: Mapping[str, Value] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None

    @property
    def identity(self) -> Identity:
        """Who this respondent is (a session's respondent is never an imported one)."""
        return identity(self.role, self.unit, self.name, self.source)


def updated(
    text: str | None,
    model: AnswerFile,
    blocks: Sequence[Block],
    rubric: Rubric,
    *,
    added: Sequence[RespondentEntry] = (),
    name: str = "<answers>",
) -> str:
    """The new text of an answer file: ``text`` (already validated as ``model``) with the
    respondents of ``blocks`` written in and ``added`` appended; ``text`` None makes a new
    file from ``model``.

    Raises :class:`Unsavable` when the result is a file the safe reader would refuse."""
    return _checked(text, model, blocks, rubric, name, added)[0]


def _checked(
    text: str | None,
    model: AnswerFile,
    blocks: Sequence[Block],
    rubric: Rubric,
    name: str,
    added: Sequence[RespondentEntry] = (),
) -> tuple[str, LoadedFile]:
    """The new text and what the safe reader reads in it. The round-trip rewrite is tried
    first, then the plain one; each is read back with the safe reader (every limit of
    :mod:`samarbeid.parse.yamlread` and every check of :mod:`samarbeid.load.answers`) and must say exactly
    what is meant."""
    data = document(model, blocks, rubric, added)
    wanted = meaning(validated(AnswerFile, data))
    problems: list[Problem] = []
    for candidate in _candidates(text, model, blocks, rubric, added, data):
        try:
            got = load_bytes(candidate.encode("utf-8"), name, rubric)
        except InputError as exc:
            problems = exc.problems
            continue
        if meaning(got.model) == wanted:
            return candidate, got
    raise Unsavable(name, problems)


def _candidates(
    text: str | None,
    model: AnswerFile,
    blocks: Sequence[Block],
    rubric: Rubric,
    added: Sequence[RespondentEntry],
    data: dict[str, Any],
) -> Iterator[str]:
    """The texts to try, best first: ``text`` rewritten in place (comments kept), then the
    plain dump of ``data``. Each is made only when the one before it did not do."""
    if text is not None:
        try:
            new = _round_trip(text, model, blocks, rubric, added)
        except Exception:  # an unusual layout ruamel.yaml cannot keep: write plainly
            new = None
        if new is not None:
            yield new
    yield _dump(data)


class Unsavable(SamarbeidError):
    """The file as it would be written is one the safe reader refuses (a size or node limit,
    say): it is not written. ``problems`` are the reader's (empty when the text read back
    means something else, which would be a bug)."""

    exit_code = UsageError.exit_code

    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__(problems[0].code if problems else "unsavable")
        self.file = file
        self.problems = problems


# ---- changing a file: the lock, the file as it is now, the atomic write ----------------------

#: How long a write waits for another one to finish, in seconds (read at each write, so a
#: test may lower it).
LOCK_TIMEOUT = 30.0


def target_of(path: Path) -> Path:
    """The file a write goes to: ``path``, or the file a symlink points to (followed to the
    end), so the link stays a link and the shared file behind it is updated."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def lock_path(target: Path, tag: str = "") -> Path:
    """The lock file next to ``target``: ``.NAME.lock`` (writes), ``.NAME.TAG.lock`` (a
    respondent); for a long name, cut to 255 bytes and still the file's own (:func:`fitted_name`)."""
    return target.with_name(fitted_name(".", target.name, f"{'.' + tag if tag else ''}.lock"))


def refuse_hard_links(path: Path, st: os.stat_result) -> None:
    """A file with more than one hard link is not written: its locks are kept by name, so a
    session through another link would not see them, and the atomic write (a new file renamed
    into place) would split the links. A symbolic link is written through instead."""
    if stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
        raise UsageError("file.hard_linked", file=str(path), links=st.st_nlink)


class Locked(UsageError):
    """Another writer held the file's lock for longer than the timeout; nothing was written."""

    def __init__(self, file: str) -> None:
        super().__init__("file.locked", file=file)


class Current:
    """An answer file as it is now: what :func:`edit` hands its merge function while it holds
    the file's lock. Nothing is read until it is asked for."""

    def __init__(self, path: Path, rubric: Rubric) -> None:
        self.path = path
        self.target = target_of(path)
        self.name = printable_name(str(path))
        self.rubric = rubric

    @property
    def exists(self) -> bool:
        """Whether there is a file (of any kind) at the path, without reading it."""
        return self.target.exists()

    @functools.cached_property
    def raw(self) -> bytes | None:
        """The file's bytes; None when there is no file (another failure is an
        :class:`~samarbeid.errors.InputError` in the reader's words)."""
        return read_bytes(self.target, self.name)

    @functools.cached_property
    def loaded(self) -> LoadedFile | None:
        """The file as the safe reader reads it (an invalid file is an
        :class:`~samarbeid.errors.InputError`); None when there is no file."""
        raw = self.raw
        return None if raw is None else load_bytes(raw, self.name, self.rubric)

    @property
    def text(self) -> str | None:
        """The text of the file, once the safe reader has accepted it; None when there is none."""
        raw = self.raw
        return None if raw is None or self.loaded is None else raw.decode("utf-8-sig")


def edit(
    path: Path,
    merge: Callable[[Current], tuple[str | bytes | None, T]],
    rubric: Rubric,
    *,
    timeout: float | None = None,
) -> T:
    """Change the answer file at ``path``, the one way every command does: take the file's
    lock, hand the file as it is now to ``merge``, write the text it returns (None: leave the
    file as it is) atomically, through a symlink to its target, let go of the lock, and
    return what ``merge`` gave with the text. Nothing is written when ``merge`` raises.

    ``merge`` returns a text the safe reader accepts (as :func:`updated` makes; bytes: that
    text encoded, as :class:`SharedFile` keeps it). Waiting for
    the lock for longer than ``timeout`` seconds (default :data:`LOCK_TIMEOUT`) raises
    :class:`Locked`."""
    current = Current(path, rubric)
    with _locked(path, current.target, LOCK_TIMEOUT if timeout is None else timeout):
        text, result = merge(current)
        if text is not None:
            write_atomic(current.target, text)
    return result


@contextlib.contextmanager
def _locked(path: Path, target: Path, timeout: float) -> Iterator[None]:
    """Hold the lock of the file ``target`` (``.NAME.lock`` next to it). A device or a pipe
    (``/dev/stdout``) is nobody's shared file and is not locked; nor is a file in a folder
    that is not there (the write says so, and no folder is made for the lock)."""
    try:
        st = target.stat()
    except OSError:  # no file yet
        shared = target.parent.is_dir()
    else:
        shared = stat.S_ISREG(st.st_mode)
        refuse_hard_links(path, st)
    if not shared:
        yield
        return
    from filelock import Timeout

    lock = SharedLock(lock_path(target), timeout)
    try:
        lock.acquire()
    except Timeout:
        raise Locked(str(path)) from None
    except OSError as exc:
        raise UsageError("file.write_failed_at", file=str(path), reason=os_reason(exc)) from None
    try:
        yield
    finally:
        lock.release()


class SharedLock:
    """A lock file that cannot strand the other users of a shared folder.

    * It is made writable for whoever may write in its folder: group- and world-writable
      where the folder is (filelock's ``mode``, set past the umask), so the next user can
      take it.
    * A lock file another user left read-only (by an older samarbeid, or a 644 umask) is
      taken read-only: ``flock`` works on a descriptor opened for reading, and holds against
      filelock's own locks on the same file. It is checked to be the file still at the
      path, as filelock does, so a lock file removed meanwhile is not held in vain."""

    def __init__(self, path: Path, timeout: float) -> None:
        from filelock import FileLock

        try:
            shared = os.stat(path.parent).st_mode & 0o022
        except OSError:
            shared = 0
        self.path = path
        self.timeout = timeout
        self.lock = FileLock(str(path), timeout=timeout, mode=0o644 | shared)
        self.fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, waiting at most the timeout (``filelock.Timeout`` after it)."""
        try:
            self.lock.acquire()
        except PermissionError:
            if not self.path.exists():
                raise
            self._acquire_read_only()

    def _acquire_read_only(self) -> None:
        import fcntl
        import time

        from filelock import Timeout

        deadline = time.monotonic() + max(self.timeout, 0)
        while True:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if os.path.samestat(os.fstat(fd), os.stat(self.path)):
                    self.fd = fd
                    return
            except (BlockingIOError, FileNotFoundError):
                pass
            os.close(fd)
            if time.monotonic() >= deadline:
                raise Timeout(str(self.path))
            time.sleep(0.05)

    def release(self) -> None:
        """Let go of the lock."""
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor lets go of its flock
            self.fd = None
        else:
            self.lock.release()


def create(path: Path, text: str, rubric: Rubric, *, force: bool = False) -> None:
    """Write ``text`` as the file at ``path`` (``init``'s blank file): refused
    (``usage.file_exists``) when a file is there, unless ``force``."""

    def replace(current: Current) -> tuple[str, None]:
        if current.exists and not force:
            raise UsageError("usage.file_exists", file=str(path))
        return text, None

    edit(path, replace, rubric)


def recover(path: Path, model: AnswerFile, blocks: Sequence[Block], rubric: Rubric) -> Path | None:
    """Keep the answers of a save that was not made, so that an answer the user saw accepted
    is never lost: an answer file holding only ``blocks`` (with the project's details of
    ``model``), made new beside the answer file (hidden, so ``batch`` does not score it:
    ``.NAME.TIME-PID.recovered.yaml``) or, where that folder cannot be written, in the user's
    state folder (``$XDG_STATE_HOME/samarbeid``, else ``~/.local/state/samarbeid``). Its path;
    None when neither can be written, or the blocks make no valid file."""
    import datetime as dt

    try:
        text = updated(None, replace(model, respondents=[], accepted=[]), blocks, rubric)
    except SamarbeidError:
        return None
    target = target_of(path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = fitted_name(".", target.name, f".{stamp}-{os.getpid()}.recovered.yaml")
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "samarbeid"
    for folder in (target.parent, state):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError:
            continue
        return folder / name
    return None


# ---- a file several sessions share ----------------------------------------------------------

#: What a respondent's block says, as compared between saves: its answers and comments (its
#: ``status`` is left out: a person tidying the file may drop it without meaning any harm).
Snapshot = tuple[dict[str, Any], dict[str, str]]


def identity_tag(who: Identity) -> str:
    """A short, file-name-safe tag for a respondent: its role and a hash of its identity."""
    digest = hashlib.sha256("\x00".join(who).encode("utf-8")).hexdigest()[:12]
    return f"{who.role}-{digest}"


def snapshot(entry: RespondentEntry | None) -> Snapshot | None:
    """What a block says (None: there is no block)."""
    if entry is None:
        return None
    return (
        {q: v for q, v in entry.answers.items() if v is not None},
        {q: c for q, c in entry.comments.items() if c},
    )


def find_block(model: AnswerFile, who: Identity) -> RespondentEntry | None:
    """The respondent ``who`` in ``model``, if any."""
    return next((e for e in model.respondents if e.identity == who), None)


class InUse(SamarbeidError):
    """Another session is answering as this respondent in this file."""

    exit_code = UsageError.exit_code

    def __init__(self, who: Identity) -> None:
        super().__init__(who)
        self.identity = who


class BlockChanged(SamarbeidError):
    """The session's own block was changed outside the session since it last saved it (by
    hand, or by a tool that does not take the lock); the save is not made."""

    exit_code = UsageError.exit_code

    def __init__(self, who: Identity) -> None:
        super().__init__(who)
        self.identity = who


@dataclass
class Saved:
    """What a :meth:`SharedFile.save` did."""

    model: AnswerFile  # what the file holds now
    joined: bool  # the file was made by someone else after this session started on a new file


class SharedFile:
    """An answer file that one ``assess`` session writes while others may write it too.

    * :meth:`claim` takes a lock per respondent (``.NAME.ROLE-HASH.lock``) for the whole
      session, so the same respondent (role, unit, name) cannot be answered in two sessions
      at once (:class:`InUse`). The lock goes with the process, also when it is killed.
    * :meth:`save` is an :func:`edit`: under the file's lock the file is read as it is now,
      the session's blocks are merged into it and the result is renamed into place. The
      file is not parsed again when its bytes are what this session last wrote; what other
      writers changed is read block by block (:func:`~samarbeid.inplace.realigned`); the
      session's blocks are written in their own lines (:func:`~samarbeid.inplace.edit_entry`),
      with the round trip as the fallback. Before merging, each of the session's blocks must say what this
      session last wrote (or what it read at the start); if it says something else, it was
      edited elsewhere and :class:`BlockChanged` is raised without writing anything. Other
      respondents (another session's, or those ``import --into`` appended) are kept as the
      file has them.
    * When the session started on a missing file and the file exists at the first save,
      another session made it meanwhile: its project details stay and this session's blocks
      join it (``Saved.joined``).

    ``timeout`` is how long a save waits for the file's lock (default :data:`LOCK_TIMEOUT`).
    The lock files are empty and stay next to the answer file; they are harmless and may be
    deleted whenever no ``assess`` runs on the file.
    """

    def __init__(self, path: Path, rubric: Rubric, *, timeout: float | None = None) -> None:
        self.path = path
        self.target = target_of(path)
        self.rubric = rubric
        self.timeout = timeout
        self.claims: list[Any] = []
        self.seen: dict[Identity, Snapshot | None] = {}
        self.existed = self.target.exists()
        self.layout: Layout | None = None  # the file as this session last read or wrote it
        self.pending: Layout | None = None  # the file as the save under way writes it
        self.read: tuple[bytes, LoadedFile] | None = None  # the last whole read, until start()

    def claim(self, identities: Sequence[Identity]) -> None:
        """Take each respondent's lock, without waiting: :class:`InUse` when another session
        holds one (the locks already taken are let go)."""
        from filelock import Timeout

        with contextlib.suppress(FileNotFoundError):
            refuse_hard_links(self.path, self.target.stat())
        for who in identities:
            lock = SharedLock(lock_path(self.target, identity_tag(who)), 0)
            try:
                lock.acquire()
            except Timeout:
                self.release()
                raise InUse(who) from None
            except OSError as exc:
                self.release()
                raise UsageError("file.write_failed_at", file=str(self.path), reason=os_reason(exc)) from None
            self.claims.append(lock)

    def release(self) -> None:
        """Let go of the respondents' locks (the process's end does it too)."""
        for lock in self.claims:
            lock.release()
        self.claims = []

    def load(self) -> LoadedFile | None:
        """The file read whole by the safe reader (an invalid file is an
        :class:`~samarbeid.errors.InputError`), None when there is none. Its layout is kept,
        so that the first save need not read it whole again; reading bytes that did not
        change since the last call gives the same result without parsing them again."""
        name = printable_name(str(self.path))
        raw = read_bytes(self.target, name)
        if raw is None:
            self.read = self.layout = None
            return None
        if self.read is None or self.read[0] != raw:
            self.read = (raw, load_bytes(raw, name, self.rubric))
            self.layout = layout(raw, self.read[1].model, self.read[1].document, self.rubric)
        return self.read[1]

    def start(self, model: AnswerFile | None, identities: Sequence[Identity]) -> None:
        """Remember what the session's blocks say in the file as read at the start."""
        self.existed = model is not None
        self.read = None
        for who in identities:
            self.seen[who] = snapshot(find_block(model, who)) if model is not None else None

    def save(self, blocks: Sequence[Block], *, model: AnswerFile) -> Saved:
        """Merge ``blocks`` into the file as it is now and write it; ``model`` gives the
        project's details when the file does not exist yet."""
        saved = edit(
            self.path, functools.partial(self._merge, blocks, model), self.rubric, timeout=self.timeout
        )
        self.layout, self.pending = self.pending, None
        self.existed = True
        for block in blocks:
            self.seen[block.identity] = snapshot(_find(saved.model, self.layout, block.identity))
        return saved

    def _now(self, current: Current) -> tuple[AnswerFile | None, Layout | None]:
        """What the file says now, and its layout (None where it is not laid out in blocks):
        the layout of the last save when the bytes are the same, else that layout with the
        blocks other writers changed read again, else the file read whole."""
        raw = current.raw
        if raw is None:
            return None, None
        if self.layout is not None:
            if raw == self.layout.raw:
                return self.layout.model, self.layout
            again = realigned(self.layout, raw, self.rubric)
            if again is not None:
                return again.model, again
        loaded = current.loaded
        assert loaded is not None
        return loaded.model, layout(raw, loaded.model, loaded.document, self.rubric)

    def _merge(self, blocks: Sequence[Block], model: AnswerFile, current: Current) -> tuple[bytes, Saved]:
        now, lay = self._now(current)
        joined = now is not None and not self.existed
        for block in blocks:
            entry = None if now is None else _find(now, lay, block.identity)
            if snapshot(entry) != self.seen.get(block.identity):
                raise BlockChanged(block.identity)
        written = self._in_place(lay, blocks) if lay is not None else None
        if written is None:  # a new file, or one this session cannot change line by line
            if now is None:  # the project's details, and only this session's blocks
                now = replace(model, respondents=[], accepted=[])
            text = None if current.raw is None else current.raw.decode("utf-8-sig")
            text, loaded = _checked(text, now, blocks, self.rubric, current.name)
            raw = text.encode("utf-8")
            self.pending = layout(raw, loaded.model, loaded.document, self.rubric)
            return raw, Saved(loaded.model, joined=joined)
        self.pending = written
        return written.raw, Saved(written.model, joined=joined)

    def _in_place(self, lay: Layout, blocks: Sequence[Block]) -> Layout | None:
        """``lay`` with ``blocks`` written in their own lines (:mod:`samarbeid.inplace`), and the
        file's status after them; None when a block cannot be written so."""
        new: Layout | None = lay
        for block in blocks:
            assert new is not None
            i = new.index.get(block.identity)
            if i is None:
                entry = validated(RespondentEntry, _ours_new(block, self.rubric))
                new = append_entry(new, entry, self.rubric)
            else:
                new = edit_entry(new, i, _wanted(new.model.respondents[i], block), self.rubric)
            if new is None:
                return None
        assert new is not None
        status = _status((str(e.role) for e in new.blocks.entries), new.blocks.done)
        return new if new.model.status == status else set_status(new, status)


def _find(model: AnswerFile, lay: Layout | None, who: Identity) -> RespondentEntry | None:
    """The respondent ``who`` in ``model``, looked up in its layout when there is one."""
    return lay.find(who) if lay is not None else find_block(model, who)


def _wanted(entry: RespondentEntry, block: Block) -> RespondentEntry:
    """``entry`` as a session's save leaves it: the block's status, answers and comments; the
    blank placeholders, and everything else, as they are."""
    answers = {q: v for q, v in entry.answers.items() if v is None or q in block.answers}
    comments = {q: c for q, c in entry.comments.items() if c is None or q in block.comments}
    return replace(
        entry,
        status=Status(str(block.status)),
        answers=answers | dict(block.answers),
        comments=comments | dict(block.comments),
    )


# ---- the file as plain data ---------------------------------------------------------------


def document(
    model: AnswerFile, blocks: Sequence[Block], rubric: Rubric, added: Sequence[RespondentEntry] = ()
) -> dict[str, Any]:
    """The answer file as plain data in the format's key order: the respondents of ``blocks``
    carry their answers and status, ``added`` are appended as they are; everything else in
    ``model`` (other respondents, accepted risks) stays. Blank placeholders (no value) are
    left out."""
    out_blocks: list[dict[str, Any]] = []
    placed: set[int] = set()
    for entry in model.respondents:
        k = _match(entry, blocks, placed)
        if k is None:
            out_blocks.append(kept(entry))
        else:
            placed.add(k)
            out_blocks.append(_fields(entry, _ours(blocks[k], rubric)))
    for k, block in enumerate(blocks):
        if k not in placed:
            out_blocks.append(_fields(None, _ours(block, rubric)))
    out_blocks += [kept(entry) for entry in added]
    data: dict[str, Any] = _plain(
        _fields(model, {"status": file_status(model, blocks, rubric, added), "respondents": out_blocks})
    )
    return data


def kept(entry: RespondentEntry) -> dict[str, Any]:
    """A respondent no session writes, as plain data: as it is, without blank placeholders
    (and without ``comments`` when there are none)."""
    comments = {q: c for q, c in entry.comments.items() if c}
    return _fields(
        entry,
        {"answers": {q: v for q, v in entry.answers.items() if v is not None}, "comments": comments or None},
    )


def _plain(value: Any) -> Any:
    """``value`` with every vocabulary member (``Role.kommune``) as its plain id."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def file_status(
    model: AnswerFile, blocks: Sequence[Block], rubric: Rubric, added: Sequence[RespondentEntry] = ()
) -> Status:
    """``complete`` when both parties are in the file and every respondent is complete: the
    session's by their status, the others (and ``added``) by theirs or, without one, by having
    answered every question. A file with one party's answers stays ``in_progress``."""
    complete: list[bool] = []
    placed: set[int] = set()
    for entry in model.respondents:
        k = _match(entry, blocks, placed)
        if k is None:
            complete.append(inplace.complete(entry, rubric))
        else:
            placed.add(k)
            complete.append(blocks[k].status == Status.complete)
    complete += [b.status == Status.complete for k, b in enumerate(blocks) if k not in placed]
    complete += [inplace.complete(entry, rubric) for entry in added]
    roles = {str(e.role) for e in (*model.respondents, *added)} | {str(b.role) for b in blocks}
    return _status(roles, complete)


def _status(roles: Iterable[str], complete: Iterable[bool]) -> Status:
    """``complete`` when every respondent is complete and both parties are there (the roles
    are looked at only then)."""
    return Status.complete if all(complete) and set(roles) == set(Role.ids()) else Status.in_progress


def _match(entry: RespondentEntry, blocks: Sequence[Block], placed: set[int]) -> int | None:
    k = next((i for i, b in enumerate(blocks) if b.identity == entry.identity), None)
    return None if k is None or k in placed else k


def _in_rubric_order(mapping: Mapping[str, Any], rubric: Rubric) -> dict[str, Any]:
    order = {q.id: i for i, q in enumerate(rubric.questions)}
    return {k: mapping[k] for k in sorted(mapping, key=lambda q: order.get(q, len(order)))}


def _ours(block: Block, rubric: Rubric) -> dict[str, Any]:
    return {
        "role": str(block.role),
        "unit": block.unit,
        "name": block.name,
        "status": str(block.status),
        "answers": _in_rubric_order(block.answers, rubric),
        "comments": _in_rubric_order(block.comments, rubric),
    }


def _fields(model: AnswerFile | RespondentEntry | None, override: dict[str, Any]) -> dict[str, Any]:
    """A record as plain data in its fields' order, with ``override`` applied; fields that
    are None or left at their default are left out (``answers`` and ``comments`` stay)."""
    kind = type(model) if model is not None else RespondentEntry
    data = data_of(model, skip_defaults=True) if model is not None else {}
    out: dict[str, Any] = {}
    for name in names(kind):
        value = override[name] if name in override else data.get(name)
        if value is not None:
            out[name] = value
    return out


# ---- YAML text ----------------------------------------------------------------------------


def _yaml(mapping: int = 2, offset: int = 2) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    # The safe reader is YAML 1.1: strings like ``no``, ``on`` or ``1:20`` must be quoted.
    yaml.version = (1, 1)
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long comment over several lines
    yaml.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
    return yaml


def _text(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    return text.removeprefix(_DIRECTIVE)


def _dump(data: dict[str, Any]) -> str:
    """Plain data as the text of a new answer file, laid out like ``samarbeid init``'s (through
    libyaml where its bytes are the same: :mod:`samarbeid.yamltext`)."""
    from samarbeid.yamltext import dump

    return dump(data, _dump_slow)


def _dump_slow(data: dict[str, Any]) -> str:
    """:func:`_dump` through ruamel.yaml's emitter alone."""
    return _text(_yaml(), data)


def _indents(text: str) -> tuple[int, int]:
    """The file's mapping indent and the offset of its ``-`` under a key (``init``: 2 and 2;
    PyYAML's dumper: 2 and 0)."""
    mapping, offset = None, None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for above, line in itertools.pairwise(lines):
        if not above.rstrip().endswith(":") or above.startswith((" ", "-")):
            continue
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if body.startswith("- "):
            offset = indent if offset is None else offset
        elif indent and mapping is None:
            mapping = indent
    return (mapping or 2, offset if offset is not None else 2)


def _round_trip(
    text: str,
    model: AnswerFile,
    blocks: Sequence[Block],
    rubric: Rubric,
    added: Sequence[RespondentEntry] = (),
) -> str | None:
    """``text`` with the session's blocks written in and ``added`` appended, keeping comments
    and layout; None when the document is not laid out as expected."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml(*_indents(text))
    doc = yaml.load(text)
    if not isinstance(doc, CommentedMap):
        return None
    file_order = names(AnswerFile)
    seq = doc.get("respondents")
    if seq is None:
        seq = CommentedSeq()
        _put(doc, "respondents", seq, file_order)
    if not isinstance(seq, CommentedSeq) or len(seq) != len(model.respondents):
        return None
    if blocks or added:
        seq.fa.set_block_style()
    placed: set[int] = set()
    for i, entry in enumerate(model.respondents):
        k = _match(entry, blocks, placed)
        if k is not None:
            placed.add(k)
            if not isinstance(seq[i], CommentedMap):
                return None
            _update_block(seq[i], blocks[k], rubric)
    for k, block in enumerate(blocks):
        if k not in placed:
            seq.append(CommentedMap(_ours_new(block, rubric)))
    for entry in added:
        seq.append(CommentedMap(_plain(kept(entry))))
    status = str(file_status(model, blocks, rubric, added))
    if doc.get("status") != status:
        _put(doc, "status", status, file_order)
    return _text(yaml, doc)


def _ours_new(block: Block, rubric: Rubric) -> dict[str, Any]:
    return {k: v for k, v in _ours(block, rubric).items() if v is not None}


def _update_block(entry: Any, block: Block, rubric: Rubric) -> None:
    """Write the session's status, answers and comments into one respondent's mapping; the
    answers and comments that stay the same, and blank placeholders, are left as they are."""
    from ruamel.yaml.comments import CommentedMap

    entry_order = names(RespondentEntry)
    questions = [q.id for q in rubric.questions]
    if entry.get("status") != str(block.status):
        _put(entry, "status", str(block.status), entry_order)
    for key, wanted in (("answers", block.answers), ("comments", block.comments)):
        current = entry.get(key)
        if current is None:
            if not wanted:
                continue
            current = CommentedMap()
            _put(entry, key, current, entry_order)
        for qid in [q for q, v in current.items() if v is not None and q not in wanted]:
            del current[qid]  # a comment deleted in the session (or an answer replaced)
        for qid, value in _in_rubric_order(wanted, rubric).items():
            if qid not in current or current[qid] != value:
                _put(current, qid, value, questions)
        if len(current):
            current.fa.set_block_style()


def _put(mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``key`` in a round-trip mapping: in place when it is there (its comment stays),
    else inserted after the last key that comes before it in ``order``."""
    if key in mapping:
        mapping[key] = value
        return
    rank = {k: i for i, k in enumerate(order)}
    mine = rank.get(key, len(order))
    position = 0
    for i, existing in enumerate(mapping):
        if rank.get(existing, len(order)) < mine:
            position = i + 1
    mapping.insert(position, key, value)


def meaning(model: AnswerFile) -> dict[str, Any]:
    """What a file says, whatever its layout: empty answers and comments left out. A rewrite
    must read back with the same meaning before it replaces a file."""
    data = data_of(model)
    for entry in data["respondents"]:
        entry["answers"] = {q: v for q, v in entry["answers"].items() if v is not None}
        entry["comments"] = {q: c for q, c in entry["comments"].items() if c}
    return data
