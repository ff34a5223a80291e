#!/usr/bin/env python3
"""Dry check of the image's pinned wheels, without docker.

The Dockerfile installs requirements-docker.txt (and requirements-docker-test.txt) with
``pip install --no-deps`` on the official odoo:18.0 image (Ubuntu 24.04, CPython 3.12),
whose Odoo and its Python dependencies are Debian packages. This script asks pip to
resolve the same files for that interpreter and platform (``--dry-run``: nothing is
installed, only the wheels' metadata is fetched from the index) and checks that

* every line is an exact ``==`` pin and a wheel exists for CPython 3.12 / manylinux x86_64;
* every requirement of every pinned wheel is met either by another pin or by a package
  the image already has from Ubuntu (Odoo itself, requests, python-dateutil...), at a
  version the requirement accepts.

    python3 deploy/check_requirements_docker.py [requirements-docker.txt ...]
"""

import json
import pathlib
import subprocess
import sys
import tempfile

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = pathlib.Path(__file__).resolve().parent.parent
PYTHON = "3.12"
PLATFORMS = [
    "manylinux_2_39_x86_64",
    "manylinux_2_28_x86_64",
    "manylinux2014_x86_64",
    "linux_x86_64",
]
# Python packages of the odoo:18.0 image that come from Ubuntu 24.04 (python3-*, pulled by
# Odoo's Debian package or the image's apt list): pip must leave them alone.
UBUNTU = {
    "odoo": "18.0",
    "requests": "2.31.0",
    "urllib3": "2.0.7",
    "idna": "3.6",
    "chardet": "5.2.0",
    "lxml": "5.2.1",
    "python-dateutil": "2.8.2",
    "pytz": "2024.1",
    "xlsxwriter": "3.1.9",
    "python-stdnum": "1.19",
    "markupsafe": "2.1.5",
    "jinja2": "3.1.2",
    "werkzeug": "3.0.1",
    "pillow": "10.2.0",
    "psycopg2": "2.9.9",
    "babel": "2.10.3",
    "six": "1.16.0",
}


def pins(path):
    result = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
            raise SystemExit(f"{path.name}: '{line}' is not an exact == pin")
        result[canonicalize_name(req.name)] = specs[0].version
    return result


def resolve(files):
    with tempfile.TemporaryDirectory() as tmp:
        report = pathlib.Path(tmp) / "report.json"
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-deps",
            "--ignore-installed",
            f"--target={tmp}/target",  # needed by --platform; --dry-run writes nothing there
            "--only-binary=:all:",
            f"--python-version={PYTHON}",
            "--implementation=cp",
            *[f"--platform={p}" for p in PLATFORMS],
            "--quiet",
            f"--report={report}",
        ]
        for f in files:
            cmd += ["-r", str(f)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"pip could not resolve the pins:\n{done.stderr[-3000:]}")
        return json.loads(report.read_text())["install"]


def main():
    files = [pathlib.Path(a) for a in sys.argv[1:]] or [
        ROOT / "requirements-docker.txt",
        ROOT / "requirements-docker-test.txt",
    ]
    pinned = {}
    for f in files:
        pinned.update(pins(f))
    env = default_environment()
    env.update(
        python_version=PYTHON,
        python_full_version=PYTHON + ".3",
        sys_platform="linux",
        platform_system="Linux",
        platform_machine="x86_64",
        implementation_name="cpython",
        platform_python_implementation="CPython",
    )
    problems = []
    installed = resolve(files)
    for item in installed:
        meta = item["metadata"]
        name = canonicalize_name(meta["name"])
        if pinned.get(name) != meta["version"]:
            problems.append(f"{name}: pip chose {meta['version']}, pinned {pinned.get(name)}")
        for text in meta.get("requires_dist") or []:
            req = Requirement(text)
            if req.marker and not req.marker.evaluate(dict(env, extra="")):
                continue
            dep = canonicalize_name(req.name)
            version = pinned.get(dep) or UBUNTU.get(dep)
            where = "pinned" if dep in pinned else "Ubuntu package"
            if version is None:
                problems.append(
                    f"{name} {meta['version']} needs {text}: neither pinned nor in the image"
                )
            elif not req.specifier.contains(Version(version), prereleases=True):
                problems.append(f"{name} {meta['version']} needs {text}: {where} has {version}")
    missing = set(pinned) - {canonicalize_name(i["metadata"]["name"]) for i in installed}
    problems += [f"{name}: no wheel resolved" for name in sorted(missing)]
    print(
        f"{len(installed)} pinned wheels for CPython {PYTHON} manylinux x86_64 "
        f"({', '.join(f.name for f in files)}): "
        + ("all requirements met by pins or by the image's Ubuntu packages" if not problems else "")
    )
    for line in problems:
        print(f"  PROBLEM {line}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
