"""Raw PBX events: ingested in the request, processed in a queue job.

The HTTP endpoint only validates an event and stores it once (unique per PBX and
provider event id, ``INSERT .. ON CONFLICT DO NOTHING``), so a PBX can post hundreds
of events a second; the job of channel ``root.pbx`` turns the pending events into
``call.center.call`` records in arrival order, a batch at a time.
"""

import hashlib
import json
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

BATCH = 1000  # events processed per transaction
CHANNEL = "root.pbx"
DRAIN_METHOD = "_pbx_process_pending"


def event_key(payload):
    """Provider event id: ``event_id`` when the PBX sends one, else a digest of the event.

    A retried delivery of the same event (same JSON) gets the same key.
    """
    given = payload.get("event_id")
    if isinstance(given, (str, int)) and not isinstance(given, bool) and str(given).strip():
        return "id:" + str(given).strip()[:128]
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return "sha:" + hashlib.sha256(canonical.encode()).hexdigest()


class CallCenterPbxEvent(models.Model):
    _name = "call.center.pbx.event"
    _description = "PBX event (raw)"
    _order = "id desc"
    _rec_name = "event_key"

    pbx_id = fields.Many2one(
        "call.center.pbx", string="PBX", required=True, ondelete="cascade", readonly=True
    )
    event_key = fields.Char(string="Event id", required=True, readonly=True)
    pbx_call_id = fields.Char(string="PBX call id", readonly=True, index=True)
    event = fields.Char(readonly=True)
    payload = fields.Text(readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Processed"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
    )
    call_id = fields.Many2one("call.center.call", readonly=True, ondelete="set null")
    error = fields.Text(readonly=True)
    date_done = fields.Datetime(string="Processed on", readonly=True)

    _sql_constraints = [
        (
            "event_uniq",
            "unique(pbx_id, event_key)",
            "A PBX event is stored only once.",
        ),
    ]

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS call_center_pbx_event_pending_idx "
            "ON call_center_pbx_event (id) WHERE state = 'pending'"
        )

    # ------------------------------------------------------------------ ingest
    @api.model
    def _pbx_ingest(self, pbx, events):
        """Store validated events of ``pbx`` once each; queue their processing.

        ``events``: list of ``(payload dict, call id)`` (validated by
        ``call.center.call._pbx_event_values``).

        Returns the list of ``(event id or None, duplicate)`` in the order of ``events``.
        A concurrent insert of the same key makes PostgreSQL raise a serialization
        failure: Odoo retries the request (the body is kept), which then sees the row.
        """
        keys, call_refs, names, payloads = [], [], [], []
        for payload, call_ref in events:
            keys.append(event_key(payload))
            call_refs.append(call_ref)
            names.append(payload.get("event"))
            payloads.append(json.dumps(payload, default=str))
        # one round trip: store the new events (one INSERT of the whole batch, its rows
        # passed as arrays, kept in arrival order) and tell whether a drain job is waiting
        self.env.cr.execute(
            """
            WITH inserted AS (
                INSERT INTO call_center_pbx_event
                    (pbx_id, event_key, pbx_call_id, event, payload, state,
                     create_uid, create_date)
                SELECT %s, v.key, v.call_ref, v.name, v.payload, 'pending',
                       %s, now() at time zone 'UTC'
                  FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::text[])
                       WITH ORDINALITY AS v(key, call_ref, name, payload, n)
                 ORDER BY v.n
                ON CONFLICT (pbx_id, event_key) DO NOTHING
                RETURNING id, event_key
            )
            SELECT id, event_key, EXISTS(
                SELECT 1 FROM queue_job
                 WHERE channel = %s AND method_name = %s AND state = 'pending'
            ) FROM inserted
            """,
            (pbx.id, self.env.uid, keys, call_refs, names, payloads, CHANNEL, DRAIN_METHOD),
            log_exceptions=False,
        )
        fetched = self.env.cr.fetchall()
        inserted = {key: rid for rid, key, _waiting in fetched}
        if fetched and not fetched[0][2]:
            # no drain job waiting (none, or it already started and may not see these
            # rows): queue one
            self._pbx_enqueue()
        seen = set()
        result = []
        for key in keys:
            rid = inserted.get(key) if key not in seen else None
            seen.add(key)
            result.append((rid, rid is None))
        return result

    @api.model
    def _pbx_enqueue(self):
        """Queue a drain job (the ingest queues one only when none is waiting to start).

        An event committed just after a waiting job started may wait for the next
        event or for the cron (every minute).
        """
        self.sudo().with_delay(
            channel=CHANNEL,
            description="PBX events: process the pending events",
            max_retries=0,
        )._pbx_process_pending()

    # ------------------------------------------------------------------ processing
    @api.model
    def _pbx_process_pending(self, limit=BATCH):
        """Process up to ``limit`` pending events, oldest first, in this transaction.

        Rows are locked (``FOR UPDATE SKIP LOCKED``): two runs never process the same
        event. A full batch queues the next drain. Returns the number of events processed.
        """
        done = self._pbx_process_chunk(limit)
        if done >= limit:
            self._pbx_enqueue()
        return done

    @api.model
    def _pbx_process_chunk(self, limit):
        self.env.cr.execute(
            "SELECT id FROM call_center_pbx_event WHERE state = 'pending' "
            "ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            (limit,),
        )
        ids = [r[0] for r in self.env.cr.fetchall()]
        if not ids:
            return 0
        events = self.sudo().browse(ids)
        Call = self.env["call.center.call"]._pbx_env()
        try:
            with self.env.cr.savepoint():
                results = [
                    Call._pbx_process_event(ev.pbx_id, json.loads(ev.payload), flush=False)[0]
                    for ev in events
                ]
                Call.env.flush_all()
            self._pbx_mark_done(events, results)
        except Exception:
            self.env.invalidate_all(flush=False)
            for ev in events:
                try:
                    with self.env.cr.savepoint():
                        call = Call._pbx_process_event(ev.pbx_id, json.loads(ev.payload))[0]
                    self._pbx_mark_done(ev, [call])
                except Exception as exc:
                    self.env.invalidate_all(flush=False)
                    _logger.info("PBX event %s could not be processed: %s", ev.id, exc)
                    self.env.cr.execute(
                        "UPDATE call_center_pbx_event SET state = 'failed', error = %s, "
                        "date_done = now() at time zone 'UTC' WHERE id = %s",
                        (str(exc)[:2000], ev.id),
                    )
        self.env.invalidate_all(flush=False)
        return len(ids)

    def _pbx_mark_done(self, events, calls):
        """One UPDATE for the whole chunk: each event gets its call."""
        self.env.cr.execute(
            "UPDATE call_center_pbx_event e SET state = 'done', call_id = v.call_id, "
            "error = NULL, date_done = now() at time zone 'UTC' "
            "FROM unnest(%s::int[], %s::int[]) AS v(id, call_id) WHERE e.id = v.id",
            (list(events.ids), [call.id for call in calls]),
        )

    @api.model
    def _cron_process_pending(self):
        """Safety net: events committed while a drain job was already running."""
        self._pbx_process_pending()
