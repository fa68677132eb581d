from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestBaseMixin(TransactionCase):
    """What a programme record does is attached by its mixins, as OCA's
    ``tier.validation`` attaches its behaviour: Odoo's own models are left
    as they are."""

    def test_every_programme_model_lists_the_mixins(self):
        Mixin = type(self.env["rehab.base.mixin"])
        Thread = type(self.env["mail.thread"])
        Chatter = type(self.env["rehab.mail.mixin"])
        checked = 0
        for name in self.env.registry:
            Model = type(self.env[name])
            if not name.startswith("rehab.") or self.env[name]._abstract:
                continue
            with self.subTest(model=name):
                self.assertTrue(issubclass(Model, Mixin))
                if issubclass(Model, Thread):
                    self.assertTrue(issubclass(Model, Chatter))
                checked += 1
        self.assertGreater(checked, 60)

    def test_odoo_models_are_left_as_they_are(self):
        """No value check, no chatter language, no display name of the
        programme on the host's own models (those it adds no field to)."""
        Mixin = type(self.env["rehab.base.mixin"])
        Chatter = type(self.env["rehab.mail.mixin"])
        for name in ("res.partner", "res.country", "ir.attachment", "mail.message"):
            with self.subTest(model=name):
                Model = type(self.env[name])
                self.assertFalse(issubclass(Model, Mixin))
                self.assertFalse(issubclass(Model, Chatter))
                self.assertFalse(hasattr(self.env[name], "_rehab_check_values"))
        # A bad value of an Odoo field is Odoo's to refuse, as without the addon.
        with self.assertRaises(ValueError):
            self.env["res.partner"].create({"name": "Zed", "color": "x"})

    def test_the_fields_added_to_the_host_are_checked(self):
        """The companies and users carry fields of the programme: those, and
        only those, are checked by the mixin."""
        for name in ("res.company", "res.users", "auditlog.log", "auditlog.log.line"):
            with self.subTest(model=name):
                self.assertTrue(
                    issubclass(type(self.env[name]), type(self.env["rehab.base.mixin"]))
                )
        Company = self.env["res.company"].with_context(lang="en_US")
        with self.assertRaisesRegex(ValidationError, "is not one of the choices"):
            Company.create({"name": "X", "agency_type": "bank"})

    def test_dates_and_amounts_as_the_programme_writes_them(self):
        Person = self.env["rehab.person"].with_context(lang="en_US")
        self.assertEqual(Person._rehab_format_date(date(2026, 2, 5)), "05/02/2026")
        self.assertEqual(
            Person._rehab_format_date(date(2026, 2, 5), "MM/yyyy"), "02/2026"
        )
        self.assertEqual(Person._rehab_format_date(False), "")
        self.assertEqual(Person._rehab_format_amount(1234567), "1.234.567")
        self.assertEqual(Person._rehab_format_amount(-50000), "-50.000")
        self.assertEqual(Person._rehab_format_amount(0), "0")
