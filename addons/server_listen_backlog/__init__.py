"""Listen backlog of Odoo's multi-process HTTP server.

Odoo 18's ``PreforkServer`` listens with a backlog of ``8 x workers`` (16 with
``--workers=2``). When more connections arrive at once than the workers plus that queue,
the kernel drops the extra handshakes: the proxy's connect waits out SYN retries
(timeouts, 502) or, when the half-open connection expires after the proxy already sent
its request, the node answers with a reset ("Connection reset by peer"). Loaded
server-wide (``--load=base,web,server_listen_backlog``), this module listens again on
the same socket with a deep queue (``listen_backlog`` in the ``[options]`` of the
configuration file, or the ``ODOO_LISTEN_BACKLOG`` environment variable; default 1024,
capped by the kernel's ``net.core.somaxconn``): extra connections wait in the queue
until a worker is free.
"""

import logging
import os

from odoo.service import server
from odoo.tools import config

_logger = logging.getLogger(__name__)

DEFAULT_BACKLOG = 1024


def listen_backlog(population=0):
    """Backlog to listen with: configured value, never below Odoo's own 8 x workers."""
    value = os.environ.get("ODOO_LISTEN_BACKLOG") or config.get("listen_backlog")
    try:
        backlog = int(value) if value else DEFAULT_BACKLOG
    except (TypeError, ValueError):
        _logger.warning("listen_backlog %r is not a number, using %s", value, DEFAULT_BACKLOG)
        backlog = DEFAULT_BACKLOG
    return max(backlog, 8 * population, 1)


def _patched_start(orig_start):
    def start(self, *args, **kwargs):
        result = orig_start(self, *args, **kwargs)
        sock = getattr(self, "socket", None)
        if sock is not None:
            backlog = listen_backlog(self.population)
            # listen() again on a listening socket only changes its queue length
            sock.listen(backlog)
            _logger.info("HTTP workers listen with a backlog of %s", backlog)
        return result

    start.server_listen_backlog = True
    return start


def post_load():
    if getattr(server.PreforkServer.start, "server_listen_backlog", False):
        return
    server.PreforkServer.start = _patched_start(server.PreforkServer.start)
