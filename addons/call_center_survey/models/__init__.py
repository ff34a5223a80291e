from . import call_center_call
