from .lead import lead_bucket  # noqa: F401
