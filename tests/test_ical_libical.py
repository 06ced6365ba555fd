"""libical's own checks (parse errors and the iTIP restriction check) on real export files.

libical is what Evolution and many servers use; it fails METHOD:PUBLISH without ORGANIZER. It
runs in the system Python through PyGObject (Debian: gir1.2-ical-3.0, installed by .ci/run).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli

CHECKER = Path(__file__).parent / "tools" / "libical_check.py"
SYSTEM_PYTHON = "/usr/bin/python3"


def libical_available() -> bool:
    try:
        probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0'); "
                                "from gi.repository import ICalGLib"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not libical_available(),
                                reason="libical's GObject bindings are missing: apt-get install gir1.2-ical-3.0")


def check(paths: list[Path]) -> dict[str, str]:
    result = subprocess.run([SYSTEM_PYTHON, str(CHECKER), *map(str, paths)], capture_output=True, text=True,
                            timeout=300, check=True)
    return dict(line.split("\t", 1) for line in result.stdout.splitlines())


def test_every_export_file_of_the_bundled_plans_passes_libical(isolated_db, plans_dir, tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(plans_dir)]).exit_code == 0
    assert runner.invoke(cli, ["move", "nam-dinh-55-2013.1", "--to", "done"]).exit_code == 0
    folder = tmp_path / "agencies"
    for args in (["--per-agency", str(folder), "--kind", "both", "--alarm", "14"],
                 ["-o", str(tmp_path / "all.ics"), "--kind", "both"],
                 ["-o", str(tmp_path / "todos.ics"), "--kind", "todos"]):
        result = runner.invoke(cli, ["export", "ics", *args])
        assert result.exit_code == 0, result.output
    files = sorted(folder.glob("*.ics")) + [tmp_path / "all.ics", tmp_path / "todos.ics"]
    assert len(files) > 20
    verdicts = check(files)
    assert len(verdicts) == len(files)
    assert {path: verdict for path, verdict in verdicts.items() if verdict != "ok"} == {}


def test_the_checker_does_fail_what_libical_refuses(tmp_path):
    bad = tmp_path / "bad.ics"
    bad.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n"
                    b"UID:a@b\r\nDTSTAMP:20140101T000000Z\r\nDTSTART;VALUE=DATE:20140101\r\nSUMMARY:x\r\n"
                    b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert "ORGANIZER" in check([bad])[str(bad)]
