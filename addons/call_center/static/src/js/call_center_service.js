/** @odoo-module **/
// Screen pop: shows a notification when the PBX assigns a call to the user.

import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

export const callCenterService = {
    dependencies: ["bus_service", "notification", "action"],
    start(env, {bus_service, notification, action}) {
        const open = (model, id) =>
            action.doAction({
                type: "ir.actions.act_window",
                res_model: model,
                res_id: id,
                views: [[false, "form"]],
            });
        bus_service.subscribe("call_center/incoming", (payload) => {
            const buttons = [
                {
                    name: _t("Open call"),
                    primary: true,
                    onClick: () => {
                        open("call.center.call", payload.call_id);
                        close();
                    },
                },
            ];
            if (payload.partner_id) {
                buttons.push({
                    name: _t("Open citizen"),
                    onClick: () => {
                        open("res.partner", payload.partner_id);
                        close();
                    },
                });
            }
            const who = payload.partner_name || payload.caller_number || _t("Unknown caller");
            const close = notification.add(payload.line ? `${who} (${payload.line})` : who, {
                title: _t("Incoming call"),
                type: "info",
                sticky: true,
                buttons,
            });
        });
        bus_service.start();
    },
};

registry.category("services").add("call_center", callCenterService);
