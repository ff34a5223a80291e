MAP_ACTIONS = ("action_citizen_reports", "action_citizen_reports_all")


def uninstall_hook(env):
    """Give the report actions back their views without the map; drop the triggers
    that keep the map cells (their table goes with the module)."""
    env["citizen.map.cell"]._citizen_drop_triggers()
    for xmlid in MAP_ACTIONS:
        action = env.ref(f"citizen_service.{xmlid}", raise_if_not_found=False)
        if action and "leaflet_map" in action.view_mode.split(","):
            modes = [m for m in action.view_mode.split(",") if m != "leaflet_map"]
            action.view_mode = ",".join(modes)
