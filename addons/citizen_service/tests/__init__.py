from . import test_analysis
from . import test_reassign
from . import test_export
from . import test_work_order
from . import test_settings
from . import test_open311
from . import test_webhook
from . import test_notifications
