from . import test_listen_backlog
