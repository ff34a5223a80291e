# Copyright 2026 Atención Ciudadana
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Server Listen Backlog",
    "summary": "Server-wide: deep accept queue for the HTTP workers (--workers), so a burst "
    "of clients behind a proxy waits instead of being reset",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Hidden/Tools",
    "depends": ["base"],
    "post_load": "post_load",
}
