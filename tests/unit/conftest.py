"""Helpers for the pure-Python tests: load an addon module by path, without importing Odoo."""

import importlib
import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
ADDONS = ROOT / "addons"


def _load_package(addon, folder):
    """Import ``addons/<addon>/<folder>`` as a standalone package (relative imports work)."""
    name = f"_ac_{addon}_{folder}"
    if name in sys.modules:
        return name
    init = ADDONS / addon / folder / "__init__.py"
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(init.parent)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return name


def load_addon_module(addon, relpath):
    """Import ``addons/<addon>/<relpath>`` as a standalone module (no ``odoo`` needed).

    A module of a plain-Python folder with an ``__init__.py`` (``tools/``, ``lib/``) is
    imported inside that folder as a package, so its relative imports work.
    """
    path = ADDONS / addon / relpath
    folder = pathlib.PurePosixPath(relpath).parent
    if len(folder.parts) == 1 and (path.parent / "__init__.py").exists():
        package = _load_package(addon, folder.parts[0])
        return importlib.import_module(f"{package}.{path.stem}")
    name = f"_ac_{addon}_{relpath.replace('/', '_').removesuffix('.py')}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
