"""docs/WHERE_IS_WHAT.md points at files that exist and covers every addon."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "WHERE_IS_WHAT.md"
TOP = ("addons/", "bench/", "deploy/", "tests/", "docs/")


def _paths():
    text = DOC.read_text(encoding="utf-8")
    return text, sorted(
        {p for p in re.findall(r"`([^`\s]+)`", text) if p.startswith(TOP) and "<" not in p}
    )


def test_every_path_exists():
    _text, paths = _paths()
    assert paths
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"paths in docs/WHERE_IS_WHAT.md that do not exist: {missing}"


def test_every_addon_is_mapped():
    _text, paths = _paths()
    addons = {p.name for p in (ROOT / "addons").iterdir() if (p / "__manifest__.py").exists()}
    mapped = {p.split("/")[1] for p in paths if p.startswith("addons/")}
    assert not addons - mapped, f"addons without an entry: {sorted(addons - mapped)}"


def test_readme_links_it():
    assert "docs/WHERE_IS_WHAT.md" in (ROOT / "README.md").read_text(encoding="utf-8")
