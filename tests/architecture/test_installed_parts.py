"""Every part is an installed package, in editable mode, from this checkout; nothing edits the import path.

scripts/bootstrap.sh installs shared/, gateway/ and each services/<svc>/ from its own pyproject.toml. These
tests fail when a part lacks its pyproject.toml, is not installed (or installed from another checkout), would
import from anywhere but its own folder, or when a Python file edits the import path again.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import subprocess
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from shared.settings import REPO_ROOT, SERVICES

PART_FOLDERS = {"shared": "shared", "gateway": "gateway", **{svc: f"services/{svc}" for svc in SERVICES}}
PATH_EDIT = re.compile(r"\bsys\.path\b|PYTHONPATH")
# A bench's --baseline runs an older revision of a part beside the current one: that child process must see the
# extracted old code before the installed parts, so these two set its PYTHONPATH on purpose (nothing else may).
BASELINE_RUNNERS = {"bench/cards/bench_debits.py", "bench/gateway/run.py"}


@pytest.mark.parametrize("part", sorted(PART_FOLDERS))
def test_each_part_is_installed_in_editable_mode_from_this_checkout(part: str) -> None:
    folder = REPO_ROOT / PART_FOLDERS[part]
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    distribution = importlib.metadata.distribution(project["name"])
    origin = json.loads(distribution.read_text("direct_url.json") or "{}")
    assert origin.get("dir_info", {}).get("editable") is True, f"{project['name']} is not an editable install"
    assert Path(unquote(urlparse(origin["url"]).path)).resolve() == folder.resolve(), "installed from elsewhere"
    # The import package resolves to the part's own folder: shared/ itself, <part>/<part>/ for the others.
    spec = importlib.util.find_spec(part)
    assert spec is not None and spec.submodule_search_locations is not None
    package_dir = folder if part == "shared" else folder / part
    assert package_dir.resolve() in {Path(p).resolve() for p in spec.submodule_search_locations}


def test_no_python_file_edits_the_import_path() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    this_file = Path(__file__).resolve()
    offenders = [
        f"{name}:{number}: {line.strip()}"
        for name in tracked
        if (REPO_ROOT / name).resolve() != this_file and (REPO_ROOT / name).is_file()
        for number, line in enumerate((REPO_ROOT / name).read_text(encoding="utf-8").splitlines(), start=1)
        if PATH_EDIT.search(line) and not (name in BASELINE_RUNNERS and "PYTHONPATH" in line)
    ]
    assert not offenders, "import through the installed parts instead:\n" + "\n".join(offenders)
