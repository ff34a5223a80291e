"""The messaging provider, faked: the tests patch ``requests.post`` of the notifications."""

REQUESTS_POST = "odoo.addons.citizen_service.models.citizen_notification.requests.post"
MESSAGE_ID = "wamid.OUT-1"


class FakeResponse:
    """A provider's answer to a sent message (WhatsApp Cloud API shape unless ``data``)."""

    def __init__(self, status_code=200, data=None, text=""):
        self.status_code = status_code
        self._data = (
            data
            if data is not None
            else {"messaging_product": "whatsapp", "messages": [{"id": MESSAGE_ID}]}
        )
        self.text = text

    def raise_for_status(self):
        return None

    def json(self):
        return self._data
