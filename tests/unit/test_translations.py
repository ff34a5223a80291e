"""Every addon ships a complete Mexican Spanish translation with intact placeholders."""

import pathlib
import re

import polib
import pytest

ADDONS = pathlib.Path(__file__).resolve().parents[2] / "addons"
ADDON_DIRS = sorted(p for p in ADDONS.iterdir() if (p / "__manifest__.py").exists())
SAME = "same in Spanish"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=lambda p: p.name)
def test_es_mx_po_is_complete(addon):
    po_path = addon / "i18n" / "es_MX.po"
    assert po_path.exists(), f"{addon.name} has no i18n/es_MX.po"
    po = polib.pofile(str(po_path))
    # OCA's po format (oca-checks-po --fix) clears a msgstr equal to its msgid; such entries
    # carry the translator comment "same in Spanish" (Odoo then shows the source text)
    missing = [
        e.msgid
        for e in po
        if not e.obsolete and not e.msgstr.strip() and SAME not in (e.tcomment or "")
    ]
    assert not missing, f"{addon.name}: {len(missing)} untranslated, e.g. {missing[:5]}"
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not fuzzy, f"{addon.name}: fuzzy entries {fuzzy[:5]}"


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=lambda p: p.name)
def test_es_mx_placeholders_kept(addon):
    po_path = addon / "i18n" / "es_MX.po"
    if not po_path.exists():
        pytest.skip("no translation file (reported by the completeness test)")
    po = polib.pofile(str(po_path))
    broken = [
        e.msgid
        for e in po
        if e.msgstr
        and sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(e.msgstr))
    ]
    assert not broken, f"{addon.name}: placeholders changed in {broken[:5]}"


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=lambda p: p.name)
def test_es_mx_entries_loadable_by_odoo(addon):
    """Odoo's PO reader needs the ``#. module: <addon>`` comment on every entry."""
    po_path = addon / "i18n" / "es_MX.po"
    if not po_path.exists():
        pytest.skip("no translation file (reported by the completeness test)")
    po = polib.pofile(str(po_path))
    bad = [
        e.msgid for e in po if not e.obsolete and not re.match(r"modules?: \w+", e.comment or "")
    ]
    assert not bad, f"{addon.name}: entries without module comment {bad[:5]}"


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=lambda p: p.name)
def test_es_mx_code_occurrences_have_line(addon):
    """Odoo's PO reader crashes on ``#: code:path`` without ``:<line>``."""
    po_path = addon / "i18n" / "es_MX.po"
    if not po_path.exists():
        pytest.skip("no translation file (reported by the completeness test)")
    bad = [
        line
        for line in po_path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#:")
        for occ in line[2:].split()
        if occ.startswith("code:") and not re.search(r":\d+$", occ)
        for line in [occ]
    ]
    assert not bad, f"{addon.name}: code occurrences without line number {bad[:5]}"


@pytest.mark.parametrize(
    "addon",
    [p for p in ADDON_DIRS if (p / "i18n" / f"{p.name}.pot").exists()],
    ids=lambda p: p.name,
)
def test_pot_matches_the_po(addon):
    """Odoo merges ``<addon>.pot`` into each .po when it loads translations and takes the
    occurrences from the template: an entry or an occurrence missing from the .pot (e.g. our
    overrides of helpdesk_mgmt's stage names) is silently not applied."""
    pot_path = addon / "i18n" / f"{addon.name}.pot"
    po_path = addon / "i18n" / "es_MX.po"
    po = {(e.msgctxt, e.msgid): set(e.occurrences) for e in polib.pofile(str(po_path))}
    pot = {(e.msgctxt, e.msgid): set(e.occurrences) for e in polib.pofile(str(pot_path))}
    missing = [k[1][:60] for k, occ in po.items() if k not in pot or not occ <= pot[k]]
    assert not missing, f"{addon.name}: entries of es_MX.po missing from the .pot: {missing[:5]}"
