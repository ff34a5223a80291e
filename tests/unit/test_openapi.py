"""docs/openapi.yaml is valid OpenAPI 3 YAML and describes every public route we serve."""

import pathlib
import re

import yaml
from conftest import ADDONS, ROOT

SPEC = ROOT / "docs" / "openapi.yaml"
CONTROLLERS = [
    ADDONS / "citizen_service" / "controllers" / "open311.py",
    ADDONS / "citizen_service" / "controllers" / "webhook.py",
    ADDONS / "call_center" / "controllers" / "main.py",
]


def spec():
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def test_openapi_document_shape():
    doc = spec()
    assert doc["openapi"].startswith("3.")
    for path, item in doc["paths"].items():
        assert path.startswith("/")
        for method, op in item.items():
            if method == "parameters":
                continue
            assert method in ("get", "post", "put", "delete"), (path, method)
            assert op["responses"], (path, method)
            # never documents a 5xx: refused input is a 4xx
            assert all(not str(code).startswith("5") for code in op["responses"])


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_references_resolve():
    doc = spec()
    for ref in _refs(doc):
        node = doc
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        assert node is not None


def test_every_api_route_is_documented():
    documented = set(spec()["paths"])
    normalised = {
        re.sub(r"\{[^}]+\}", "*", p).replace(".*", "*").replace("**", "*") for p in documented
    }
    for controller in CONTROLLERS:
        source = pathlib.Path(controller).read_text(encoding="utf-8")
        for route in re.findall(r'"(/(?:open311|citizen/webhook|call_center)[^"]*)"', source):
            pattern = re.sub(r"<[^>]+>", "*", route)
            pattern = re.sub(r"\.(json|xml)$", "*", pattern)
            assert pattern in normalised, route
