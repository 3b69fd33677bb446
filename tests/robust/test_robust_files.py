"""Findings 1, 6 and 8: every command writes its files one way (status_engine.files).

Regular files are replaced atomically keeping mode, owner, hard links and line endings;
symlinks are written through; devices and FIFOs are written in place; a read-only file
is refused; nothing is written before every output path has been checked.
"""

from __future__ import annotations

import errno
import os
import stat
import threading

import pytest

from conftest import SCENARIOS, cli
from robust_support import stale_scenario

KURSK = SCENARIOS / "kursk-2025-02.yaml"


def _passing(tmp_path):
    """A scenario whose expectations hold, for `test --junit` runs."""
    f = stale_scenario(tmp_path, "ok.yaml")
    f.write_text(f.read_text(encoding="utf-8").replace("pow: possible", "pow: necessary"), encoding="utf-8")
    return f


def test_junit_to_a_device_writes_through_it_and_keeps_the_device(tmp_path):
    """Renaming a temp file over /dev/null (as root) destroyed the device: a device is written in place."""
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    res = cli("test", _passing(tmp_path), "--junit", dev)
    assert res.exit_code == 0, res.stderr
    assert stat.S_ISCHR(os.lstat(dev).st_mode)  # still the device, not a plain file


def test_junit_to_a_fifo_feeds_the_reader_and_keeps_the_fifo(tmp_path):
    """A FIFO used to become a plain file; the reader at its other end must get the report."""
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()), daemon=True)
    reader.start()
    res = cli("test", _passing(tmp_path), "--junit", fifo)
    reader.join(30)
    assert res.exit_code == 0, res.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and "<testsuites" in got[0]


def test_junit_through_a_symlink_writes_its_target(tmp_path):
    """The link used to be replaced by a copy and its target never written."""
    target = tmp_path / "real.xml"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    res = cli("test", _passing(tmp_path), "--junit", link)
    assert res.exit_code == 0, res.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "<testsuites" in target.read_text(encoding="utf-8")


def test_update_refuses_a_read_only_file_and_leaves_it(tmp_path):
    """Root could rewrite a file with no write permission; a read-only file means: leave it."""
    f = stale_scenario(tmp_path)
    before = f.read_bytes()
    f.chmod(0o444)
    res = cli("test", f, "--update")
    assert res.exit_code == 1
    assert str(f) in res.stderr and "read-only" in res.stderr and "Traceback" not in res.stderr
    assert f.read_bytes() == before and stat.S_IMODE(f.stat().st_mode) == 0o444


def test_update_keeps_mode_owner_hard_links_and_crlf(tmp_path):
    """The rewrite used to lose the owner, break hard links and turn CRLF into LF throughout."""
    f = stale_scenario(tmp_path, newline="\r\n")
    f.chmod(0o640)
    other = tmp_path / "same-file.yaml.bak"
    os.link(f, other)
    try:
        os.chown(f, 4321, 4321)
        owner = (4321, 4321)
    except PermissionError:  # only root may give a file away; the other checks still apply
        owner = (f.stat().st_uid, f.stat().st_gid)
    res = cli("test", f, "--update")
    assert res.exit_code == 0, res.stdout + res.stderr
    data = f.read_bytes()
    assert b"pow: necessary" in data
    assert data.count(b"\r\n") == data.count(b"\n")  # every line still ends in CRLF
    st = f.stat()
    assert stat.S_IMODE(st.st_mode) == 0o640 and (st.st_uid, st.st_gid) == owner
    assert os.path.samefile(f, other)  # the hard link still names the updated file


def test_update_writes_through_a_symlink(tmp_path):
    real = stale_scenario(tmp_path, "real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    res = cli("test", link, "--update")
    assert res.exit_code == 0, res.stdout + res.stderr
    assert link.is_symlink() and b"pow: necessary" in real.read_bytes()


def test_update_refuses_when_the_file_changed_during_the_run(tmp_path, monkeypatch):
    """Values derived from the old facts must not be written into a file edited meanwhile."""
    from status_engine import regress

    f = stale_scenario(tmp_path)
    real_check = regress.check_paths

    def check_then_edit(*a, **kw):
        out = real_check(*a, **kw)
        with open(f, "a", encoding="utf-8") as fh:  # someone saves the file while it is evaluated
            fh.write("# edited meanwhile\n")
        return out

    monkeypatch.setattr(regress, "check_paths", check_then_edit)
    res = cli("test", f, "--update")
    assert res.exit_code == 1 and "changed while" in res.stderr
    assert "pow: possible" in f.read_text(encoding="utf-8")


def test_update_writes_nothing_when_the_junit_path_is_bad(tmp_path):
    """Files were updated before the bad --junit path failed; now the path is checked first."""
    f = stale_scenario(tmp_path)
    before = f.read_bytes()
    bad = tmp_path / "no-such-dir" / "r.xml"
    res = cli("test", f, "--update", "--junit", bad)
    assert res.exit_code == 1 and str(bad) in res.stderr and "internal error" not in res.stderr
    assert f.read_bytes() == before and res.stdout == ""


def _disk_full(monkeypatch):
    """Every fsync fails as on a full disk (after the data went to the temporary file)."""
    def full(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)


@pytest.mark.parametrize("command", ["brief", "timeline"])
def test_a_failed_write_keeps_the_old_file_and_says_so_in_one_line(tmp_path, monkeypatch, command):
    """`brief -o` left a fragment (exit 2 "bad input"); `timeline --chart` an internal error.
    Both now keep the old file whole, name the path and exit 1."""
    out = tmp_path / ("b.md" if command == "brief" else "c.svg")
    out.write_text("the old file\n", encoding="utf-8")
    _disk_full(monkeypatch)
    args = ("brief", KURSK, "-o", out) if command == "brief" else ("timeline", KURSK, "--chart", out, "-f", "json")
    res = cli(*args)
    assert res.exit_code == 1
    assert res.stderr.strip() == f"error: cannot write {out}: No space left on device"
    assert out.read_text(encoding="utf-8") == "the old file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left behind


def test_brief_to_an_existing_file_in_a_read_only_place_is_refused_before_work(tmp_path):
    out = tmp_path / "b.html"
    out.write_text("keep me", encoding="utf-8")
    out.chmod(0o444)
    res = cli("brief", KURSK, "-o", out)
    assert res.exit_code == 1 and "read-only" in res.stderr and str(out) in res.stderr
    assert out.read_text(encoding="utf-8") == "keep me"


def test_timeline_checks_every_chart_path_before_writing_any(tmp_path):
    """With two scenarios, the second chart path being read-only must not leave the first written."""
    out = tmp_path / "c.svg"
    second = tmp_path / "c-kursk-2025-06.svg"
    second.write_text("keep", encoding="utf-8")
    second.chmod(0o444)
    res = cli("timeline", KURSK, SCENARIOS / "kursk-2025-06.yaml", "--chart", out, "-f", "json")
    assert res.exit_code == 1 and str(second) in res.stderr
    assert not (tmp_path / "c-kursk-2025-02.svg").exists() and res.stdout == ""


def test_files_check_names_the_problem():
    from status_engine import files

    with pytest.raises(files.OutputError, match="does not exist"):
        files.check("/no/such/dir/x.xml", "--junit")
    with pytest.raises(files.OutputError, match="is a directory"):
        files.check("/tmp", "--junit")
    assert files.check("-", "--junit").kind == "stdout"
