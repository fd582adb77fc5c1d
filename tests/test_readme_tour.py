"""The README's tour of the command line, run as written, so that it cannot drift.

Every ``$cf ...`` command of the tour's code blocks runs in order, as its own process,
through ``bash`` (quotes, ``\\`` continuations and comments read as a shell reads them),
on a fresh demo world built first with ``counterfraud demo --no-serve``, and must exit 0.
They run in a temporary folder holding links to this checkout's ``.venv`` and
``examples/``, so that ``cf=.venv/bin/counterfraud`` and ``examples/...`` work as the
README says and what the commands write (models, feeds, bundles) lands there; the data
folder is that folder's ``counterfraud-data``, the default, named by
COUNTERFRAUD_DATA_DIR so that no setting of the environment leaks in.

Only what must be is changed or left out, each with its reason (``SUBSTITUTED``,
``SKIPPED``); ``serve`` is started, waited for until it answers ``/health``, and stopped
with Ctrl-C (SIGINT), as the README says.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from readiness import wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TOUR = "## A tour of the command line"
BOUND = 600  # seconds; reached only by a command that hangs

# (pattern, reason): commands that are not run
SKIPPED = [
    (r"--size (medium|large)\b",
     "builds ~50,000 reports or more: minutes of work, beyond this test's budget; the "
     "small world the tour runs on is built the same way"),
    (r"^\$cf sync\b",
     "pulls from a partner instance at the placeholder https://vn.example; federation "
     "between real instances is tested in tests/federation"),
]
# (text in the README, what replaces it, reason)
SUBSTITUTED = [
    ("--port 8000", "--port 0", "8000 may be taken on a shared machine; 0 picks a free port"),
    ("cf_...", "cf_" + "k" * 43, "a partner's API key is issued by the partner"),
    ("BASE64", "{public_key}", "the key printed by `instance public-key` earlier in the tour"),
]
SERVES = re.compile(r"^\$cf serve\b")


def tour_commands(text: str) -> tuple[str, list[str]]:
    """The tour's ``cf=...`` line and its ``$cf`` commands, continuations joined."""
    section = text.split(TOUR, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    assert blocks, "the tour has no ```sh code block"
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    [definition] = [line for line in lines if line.startswith("cf=")]
    return definition, [line for line in lines if line.startswith("$cf ")]


def _skip_reason(command: str) -> str | None:
    return next((reason for pattern, reason in SKIPPED if re.search(pattern, command)), None)


def _substituted(command: str, public_key: str | None) -> str:
    for text, replacement, _ in SUBSTITUTED:
        if text in command:
            assert public_key is not None or "{public_key}" not in replacement, \
                "the tour names BASE64 before it runs `instance public-key`"
            command = command.replace(text, replacement.format(public_key=public_key))
    return command


@pytest.fixture(scope="module")
def tour_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tour")
    (folder / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    assert (folder / ".venv" / "bin" / "counterfraud").exists(), \
        "the counterfraud command is not installed in this environment (pip install -e .)"
    return folder


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERFRAUD_")}
    return {**env, "COUNTERFRAUD_DATA_DIR": str(folder / "counterfraud-data")}


def _run(definition: str, command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", f"{definition}\n{command}"], cwd=folder,
                          env=_env(folder), capture_output=True, text=True, timeout=BOUND,
                          check=False)


def _serve(definition: str, command: str, folder: Path) -> int:
    """Start ``command``, wait until it answers, stop it with SIGINT; its exit status."""
    server = subprocess.Popen(["bash", "-c", f"{definition}\nexec {command}"], cwd=folder,
                              env=_env(folder), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert first.startswith("API on http://"), (first, server.stderr and
                                                    server.stderr.read())
        wait_until_healthy(first.split()[2], server)
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=BOUND)
    return server.returncode


def test_the_readme_tour_runs_as_written(tour_folder: Path) -> None:
    definition, commands = tour_commands(README.read_text(encoding="utf-8"))
    assert len(commands) > 30, "the tour lost its commands"
    built = _run(definition, "$cf demo --no-serve", tour_folder)
    assert built.returncode == 0, built.stderr
    public_key: str | None = None
    skipped = []
    for command in commands:
        reason = _skip_reason(command)
        if reason is not None:
            skipped.append((command, reason))
            continue
        run = _substituted(command, public_key)
        if SERVES.match(run):
            assert _serve(definition, run, tour_folder) == 0, run
            continue
        done = _run(definition, run, tour_folder)
        assert done.returncode == 0, (f"{command}\nexit {done.returncode}\n"
                                      f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        if re.match(r"\$cf instance public-key\b", run):
            public_key = done.stdout.strip()
    assert [c for c, _ in skipped] == [c for c in commands if _skip_reason(c)]
    assert len(skipped) == 3, skipped  # the medium demo and the two syncs, nothing else


def test_the_tour_is_read_whole() -> None:
    definition, commands = tour_commands(README.read_text(encoding="utf-8"))
    assert definition == "cf=.venv/bin/counterfraud"
    joined = [c for c in commands if c.startswith("$cf agreements add")]
    assert joined and "--reference" in joined[0]  # the continuation line was joined
