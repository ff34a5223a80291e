"""Helpers for the pure-Python tests: load an addon module by path, without importing Odoo."""

import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
ADDONS = ROOT / "addons"


def load_addon_module(addon, relpath):
    """Import ``addons/<addon>/<relpath>`` as a standalone module (no ``odoo`` needed)."""
    path = ADDONS / addon / relpath
    name = f"_ac_{addon}_{relpath.replace('/', '_').removesuffix('.py')}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
