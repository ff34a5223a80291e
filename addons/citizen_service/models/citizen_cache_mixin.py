from odoo import api, models


class CitizenCacheMixin(models.AbstractModel):
    """Records that feed an ``ormcache`` (the calendar rules of the deadlines, the PBX look-ups
    of the call center...) inherit this mixin: creating, changing or deleting one clears the
    caches. ``_citizen_cache_fields`` names the fields the caches read (``None``: all of them),
    so that other writes keep the caches warm."""

    _name = "citizen.cache.mixin"
    _description = "Clears the caches fed by its records"
    _citizen_cache_fields = None

    def _citizen_cache_touched(self, fnames):
        keys = self._citizen_cache_fields
        return keys is None or bool(set(keys) & set(fnames))

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        keys = self._citizen_cache_fields
        if keys is None or any(records.mapped(fname) for fname in keys):
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        if self._citizen_cache_touched(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        if self:
            self.env.registry.clear_cache()
        return super().unlink()
