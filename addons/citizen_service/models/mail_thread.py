from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _citizen_with_writer_lang(self):
        """``self`` in the language of the context, else in the user's.

        Demo data and jobs run without a language: mail.thread then translates "created" in
        the user's language but reads the model's name in English ("Contact creado")."""
        if self.env.lang or not self.env.user.lang:
            return self
        return self.with_context(lang=self.env.user.lang)

    def _creation_message(self):
        writer = self._citizen_with_writer_lang()
        if writer is self:
            return super()._creation_message()
        return super(MailThread, writer)._creation_message()
