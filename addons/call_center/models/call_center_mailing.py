from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models


class CallCenterCall(models.Model):
    _inherit = "call.center.call"

    @api.model
    def _stats_period(self, kind, today=None):
        """(date_from, date_to) local dates of the previous day / previous 7 days."""
        tz = pytz.timezone(self._call_center_tz_name())
        today = today or datetime.now(tz).date()
        if kind == "weekly":
            return today - timedelta(days=7), today - timedelta(days=1)
        return today - timedelta(days=1), today - timedelta(days=1)

    @api.model
    def _stats_rows(self, domain, groupby):
        """One row per group with the KPIs, computed with a single _read_group."""
        Report = self.env["call.center.call.report"].sudo()
        aggregates = [
            "nbr_calls:sum",
            "nbr_answered:sum",
            "nbr_abandoned:sum",
            "nbr_in_sl:sum",
            "nbr_fcr:sum",
            "nbr_reports:sum",
            "wait_time:avg",
            "handle_time:avg",
        ]
        groups = [groupby] if groupby else []
        fname = groupby.split(":")[0] if groupby else None
        rows = []
        for group in Report._read_group(domain, groups, aggregates, order=groupby):
            if groupby:
                key, *vals = group
            else:
                key, vals = None, list(group)
            calls, answered, abandoned, in_sl, fcr, reports, wait, handle = vals
            if isinstance(key, models.BaseModel):
                label = key.display_name or self.env._("Undefined")
            elif groupby and key not in (None, False):
                field = Report._fields[fname]
                selection = (
                    dict(field._description_selection(self.env))
                    if field.type == "selection"
                    else {}
                )
                label = selection.get(key, str(key))
            else:
                label = self.env._("Total") if not groupby else self.env._("Undefined")
            rows.append(
                {
                    "label": label,
                    "calls": calls or 0,
                    "answered": answered or 0,
                    "abandoned": abandoned or 0,
                    "service_level": round(100.0 * (in_sl or 0) / calls, 1) if calls else 0.0,
                    "fcr": round(100.0 * (fcr or 0) / answered, 1) if answered else 0.0,
                    "reports": reports or 0,
                    "wait": round(wait or 0.0, 1),
                    "handle": round(handle or 0.0, 1),
                }
            )
        return rows

    @api.model
    def _stats_for_period(self, date_from, date_to):
        domain = [
            ("direction", "=", "inbound"),
            ("date_local", ">=", date_from),
            ("date_local", "<=", date_to),
        ]
        total = self._stats_rows(domain, None)
        return {
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "total": total[0] if total else self._stats_rows([("id", "=", 0)], None)[0],
            "sections": [
                {
                    "title": self.env._("Per operator"),
                    "rows": self._stats_rows(domain, "operator_id"),
                },
                {"title": self.env._("Per line"), "rows": self._stats_rows(domain, "line_id")},
                {"title": self.env._("Per reason"), "rows": self._stats_rows(domain, "reason_id")},
                {"title": self.env._("Per outcome"), "rows": self._stats_rows(domain, "outcome")},
                {
                    "title": self.env._("Per day"),
                    "rows": self._stats_rows(domain, "date_local:day"),
                },
            ],
        }

    @api.model
    def _stats_recipients(self):
        group = self.env.ref("citizen_service.group_citizen_coordinator", raise_if_not_found=False)
        if not group:
            return self.env["res.partner"]
        return group.sudo().users.filtered(lambda u: u.active and u.email).partner_id

    @api.model
    def _send_stats_email(self, kind="daily", today=None):
        date_from, date_to = self._stats_period(kind, today)
        stats = self._stats_for_period(date_from, date_to)
        partners = self._stats_recipients()
        if not partners:
            return False
        template = self.env.ref("call_center.mail_template_call_center_stats")
        title = (
            self.env._("Call centre daily report %(day)s", day=stats["date_to"])
            if kind == "daily"
            else self.env._(
                "Call centre weekly statistics %(start)s - %(end)s",
                start=stats["date_from"],
                end=stats["date_to"],
            )
        )
        template.with_context(cc_stats=stats, cc_title=title).send_mail(
            self.env.company.id,
            email_values={"recipient_ids": [(6, 0, partners.ids)]},
        )
        return True

    @api.model
    def _cron_send_daily_report(self):
        return self._send_stats_email("daily")

    @api.model
    def _cron_send_weekly_report(self):
        return self._send_stats_email("weekly")
