"""The body of the project's public API requests is read once, with a cap, and cached.

Routes declared with ``citizen_body_limit=<bytes>`` (Open311, messaging webhooks, PBX
events) get their body read here, before the endpoint runs, whatever Content-Length
says (chunked bodies are counted while read). The bytes are kept on the request
object, which outlives the transaction: when Odoo retries the request after a
serialization failure (``odoo.service.model.retrying``), the endpoint sees the same
body again instead of an exhausted stream. Forms are parsed by werkzeug from the same
cached bytes.
"""

import io
import logging

from werkzeug.wsgi import get_input_stream

from odoo import models
from odoo.http import request

from ..tools.validation import BodyTooLarge, read_capped, redact_secrets

_logger = logging.getLogger(__name__)

BODY_ATTR = "_citizen_body"


def citizen_request_body():
    """Raw body of the current request (bytes); raises ``BodyTooLarge`` past the limit."""
    httpreq = request.httprequest
    body = getattr(httpreq, BODY_ATTR, None)
    if isinstance(body, BodyTooLarge):
        raise body
    if body is None:  # a route without citizen_body_limit
        body = httpreq.get_data(cache=True)
    return body


def _read_body_once(limit):
    httpreq = request.httprequest
    if hasattr(httpreq, BODY_ATTR):
        return  # already read by a previous try of this request
    wrapped = httpreq._HTTPRequest__wrapped
    environ = wrapped.environ
    try:
        declared = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    try:
        if declared > limit:
            raise BodyTooLarge(limit)
        body = read_capped(get_input_stream(environ), limit)
        setattr(httpreq, BODY_ATTR, body)
    except BodyTooLarge as exc:
        setattr(httpreq, BODY_ATTR, exc)
        body = b""
    # werkzeug parses forms (and get_data) from the cached bytes from now on
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("wsgi.input_terminated", None)
    for attr in ("stream", "content_length", "form", "files", "values", "_cached_data"):
        wrapped.__dict__.pop(attr, None)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        limit = rule.endpoint.routing.get("citizen_body_limit")
        if limit:
            _read_body_once(limit)
        return super()._pre_dispatch(rule, args)


class _RedactSecrets(logging.Filter):
    """API tokens sent in query strings (``?token=``, ``hub.verify_token``) never reach
    the request log lines."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            return True
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def _install_log_filter():
    for name in ("werkzeug", "odoo.http"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactSecrets) for f in logger.filters):
            logger.addFilter(_RedactSecrets())


_install_log_filter()
