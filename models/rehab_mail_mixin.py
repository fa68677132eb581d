# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class RehabMailMixin(models.AbstractModel):
    """The chatter of a programme record, in one language.

    The programme's models list this mixin instead of ``mail.thread``; the
    host's own threads are left as Odoo makes them.

    Mail translates its own words in the user's language when the context
    names none, but the model's name («%s created») and the labels of a
    tracked choice in the context's, that is in English: the records that
    the addon's data and demo data create while it is installed (the context
    has no language then) would read «Person after drug rehabilitation được
    tạo». A programme record's chatter is written in the user's language
    throughout; data/ir_module_module_data.xml loads the translations of the
    programme's models and fields before those records are made.
    """

    _name = "rehab.mail.mixin"
    _inherit = ["mail.thread"]
    _description = "Chatter of a programme record"

    def _rehab_chatter_language(self):
        if not self.env.lang:
            return self.with_context(lang=self.env.user.lang)
        return self

    def _creation_message(self):
        return super(RehabMailMixin, self._rehab_chatter_language())._creation_message()

    def _message_track(self, fields_iter, initial_values_dict):
        return super(RehabMailMixin, self._rehab_chatter_language())._message_track(
            fields_iter, initial_values_dict
        )
