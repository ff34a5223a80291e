"""A small per-key, per-minute rate limiter (in memory, per worker process)."""

import threading
import time


class RateLimiter:
    """Fixed-window counter per key and minute, kept in the memory of the process.

    With several Odoo workers each one counts on its own, so a key may pass at most
    ``limit x workers`` requests per minute; that bound is documented in the README.
    """

    def __init__(self, clock=time.time):
        self._clock = clock
        self._lock = threading.Lock()
        self._counts = {}

    def hit(self, key, limit):
        """Count one request; returns ``(allowed, retry_after_seconds)``."""
        if not limit or limit <= 0:
            return True, 0
        now = self._clock()
        window = int(now // 60)
        with self._lock:
            if len(self._counts) > 10000:
                self._counts = {k: v for k, v in self._counts.items() if k[1] == window}
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
        if count > limit:
            return False, max(1, int(60 - now % 60))
        return True, 0
