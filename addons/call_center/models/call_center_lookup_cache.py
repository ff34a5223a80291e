from odoo import api, models


class CallCenterLookupCache(models.AbstractModel):
    """The PBX hot path looks up PBXs by token, lines by code and operators by extension in
    ``ormcache``s; a model whose records feed those caches inherits this mixin and lists the
    fields of its keys in ``_call_center_cache_fields``: creating, changing or deleting
    such a record clears the caches."""

    _name = "call.center.lookup.cache"
    _description = "Call center look-up cache"
    _call_center_cache_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if any(records.mapped(fname) for fname in self._call_center_cache_fields):
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        if set(self._call_center_cache_fields) & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        if self:
            self.env.registry.clear_cache()
        return super().unlink()
