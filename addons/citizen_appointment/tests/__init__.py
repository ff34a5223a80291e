from . import (
    test_access,
    test_appointment,
    test_concurrency,
    test_i18n,
    test_portal,
    test_whatsapp_booking,
)
