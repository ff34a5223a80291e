from .lead import lead_bucket
