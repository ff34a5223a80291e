import os
import socket
from unittest.mock import patch

from odoo.service import server
from odoo.tests import BaseCase, tagged
from odoo.tools import config

from .. import DEFAULT_BACKLOG, _patched_start, listen_backlog, post_load


@tagged("post_install", "-at_install")
class TestListenBacklog(BaseCase):
    def test_backlog_from_config_env_and_workers(self):
        with patch.dict(os.environ, {}, clear=False):
            os.environ.pop("ODOO_LISTEN_BACKLOG", None)
            with patch.dict(config.options, {"listen_backlog": ""}):
                self.assertEqual(listen_backlog(2), DEFAULT_BACKLOG)
            with patch.dict(config.options, {"listen_backlog": "64"}):
                self.assertEqual(listen_backlog(2), 64)
                # never below Odoo's own 8 x workers
                self.assertEqual(listen_backlog(16), 128)
            with (
                patch.dict(config.options, {"listen_backlog": "many"}),
                self.assertLogs("odoo.addons.server_listen_backlog", "WARNING") as logs,
            ):
                self.assertEqual(listen_backlog(2), DEFAULT_BACKLOG)
            self.assertIn("is not a number", logs.output[0])
            os.environ["ODOO_LISTEN_BACKLOG"] = "2048"
            self.assertEqual(listen_backlog(2), 2048)

    def test_post_load_patches_prefork_once(self):
        orig = server.PreforkServer.start
        try:
            post_load()
            patched = server.PreforkServer.start
            self.assertTrue(patched.server_listen_backlog)
            post_load()
            self.assertIs(server.PreforkServer.start, patched)
        finally:
            server.PreforkServer.start = orig

    def test_burst_of_connections_waits_in_the_queue(self):
        """40 clients at once on a 1-worker server: all handshakes complete (queue 64),
        where Odoo's own backlog (8) would leave the extra connections unanswered."""

        class FakePrefork:
            population = 1
            socket = None

            def start(self):
                self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                self.socket.bind(("127.0.0.1", 0))
                self.socket.listen(8 * self.population)

        fake = FakePrefork()
        with patch.dict(os.environ, {"ODOO_LISTEN_BACKLOG": "64"}):
            _patched_start(FakePrefork.start)(fake)
        address = fake.socket.getsockname()
        clients = []
        try:
            for _i in range(40):
                client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                clients.append(client)
                client.settimeout(5)
                client.connect(address)  # nobody accepts: the connection waits in the queue
        finally:
            for client in clients:
                client.close()
            fake.socket.close()
        self.assertEqual(len(clients), 40)
