"""Merging and splitting communes (res.company._rehab_merge_communes, the
wizard rehab.commune.merge): what moves, what stays, who reads it, and the
province's figures unchanged."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from ..tools import commune_merge
from .common import JsonRpcMixin
from .common_loan import LoanCase

PREFIX = "post_rehab_credit.group_"


class CommuneMergeCase(LoanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.commune_a4 = Company.create(
            {
                "name": "Test commune A4",
                "agency_type": "commune",
                "parent_id": cls.province_a.id,
                "admin_code": "T14",
            }
        )
        cls.office_a.served_commune_ids = [(4, cls.commune_a3.id)]

        def user(login, role, company):
            return new_test_user(
                cls.env,
                login=login,
                groups="base.group_user,%s%s" % (PREFIX, role),
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )

        cls.police_a3 = user("t_police_a3", "commune_police", cls.commune_a3)
        cls.police_a4 = user("t_police_a4", "commune_police", cls.commune_a4)
        cls.admin_b = user("t_admin_b", "programme_admin", cls.province_b)
        cls.person_a2 = cls.Person.create(
            cls.person_vals(
                cls.commune_a2,
                name="Người xã A2",
                citizen_id="020090900007",
                village="Thôn Hai",
            )
        )
        cls.archived_a1 = cls.Person.create(
            cls.person_vals(
                cls.commune_a1,
                name="Người đã lưu trữ",
                citizen_id="020090900008",
                village="Thôn Một",
            )
        )
        cls.archived_a1.active = False
        cls.Point = cls.env["rehab.transaction.point"]
        cls.point_a1 = cls.Point.create(
            {
                "name": "Trụ sở UBND xã A1",
                "vbsp_office_id": cls.office_a.id,
                "company_id": cls.commune_a1.id,
            }
        )
        cls.point_a3 = cls.Point.create(
            {
                "name": "Trụ sở UBND xã A3",
                "vbsp_office_id": cls.office_a.id,
                "company_id": cls.commune_a3.id,
            }
        )

    def _class_fixtures(self):
        cls = type(self)
        cls.loan = self._disbursed()
        plan = self.env["rehab.plan"].create(
            {
                "name": "KH",
                "company_id": self.province_a.id,
                "recipient_id": self.police_a.id,
            }
        )
        cls.report = self.env["rehab.report"].create(
            {
                "plan_id": plan.id,
                "company_id": self.commune_a1.id,
                "period": "year",
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
                "due_date": "2026-12-15",
            }
        )
        cls.open_list = self._list(self.commune_a2)

    # Helpers

    def _province_figures(self):
        """Every figure of province A as the province reads it."""
        env = self.env
        env.flush_all()
        env.invalidate_all()
        province = [("province_id", "=", self.province_a.id)]
        loans = env["rehab.loan"].search(
            [("company_id.province_id", "=", self.province_a.id)]
        )
        as_of = loans._figures_as_of(date(2026, 7, 1))

        def sums(groups):
            return [
                {k: v for k, v in row.items() if not k.startswith("__")}
                for row in groups
            ]

        return {
            "report": self.report._figures_table(self.province_a)[2],
            "coverage": sums(
                env["rehab.coverage"].read_group(
                    province, ["people:sum", "informed:sum"], [], lazy=False
                )
            ),
            "par": sums(
                env["rehab.loan.par"].read_group(
                    province,
                    [
                        "loan_count:sum",
                        "outstanding_principal:sum",
                        "par30_principal:sum",
                        "overdue_principal:sum",
                    ],
                    [],
                    lazy=False,
                )
            ),
            "capital": env["rehab.capital.position"].search_read(
                province,
                ["allocated", "disbursed", "outstanding", "written_off", "available"],
            ),
            "as_of": as_of,
            "people": env["rehab.person"]
            .with_context(active_test=False)
            .search_count([("company_id.province_id", "=", self.province_a.id)]),
        }

    def _merge(self, mapping, user=None, dry_run=False):
        Company = self.env["res.company"].with_user(user or self.admin_user)
        return Company._rehab_merge_communes(mapping, dry_run=dry_run)

    def _readable(self, user, records):
        return (
            records.with_user(user)
            .with_context(active_test=False)
            .search([("id", "in", records.ids)])
        )


@tagged("post_install", "-at_install")
class TestCommuneMerge(CommuneMergeCase):
    def test_merge_moves_the_work_and_keeps_the_province_figures(self):
        before = self._province_figures()
        slip_name, loan_name = self.slip.name, self.loan.name
        self._merge(
            {
                self.commune_a1.id: self.commune_a3.id,
                self.commune_a2.id: self.commune_a3.id,
            }
        )
        self.assertEqual(self._province_figures(), before)
        a3 = self.commune_a3
        for record in (
            self.person_a1,
            self.archived_a1,
            self.person_a2,
            self.group,
            self.loan,
            self.open_list,
        ):
            self.assertEqual(record.company_id, a3, record._name)
        self.assertTrue(self.group.member_ids)
        self.assertEqual(self.group.member_ids.company_id, a3)
        self.assertEqual(self.loan.installment_ids.company_id, a3)
        self.assertFalse(
            self.open_list.line_ids.filtered(lambda line: line.company_id != a3)
        )
        # Kept: the sent list, its slip, the report; numbers unchanged.
        self.assertEqual(self.record.company_id, self.commune_a1)
        self.assertEqual(self.slip.company_id, self.commune_a1)
        self.assertEqual(self.report.company_id, self.commune_a1)
        self.assertEqual((self.slip.name, self.loan.name), (slip_name, loan_name))
        # One point of the office in the new commune.
        self.assertFalse(self.point_a1.active)
        self.assertEqual(self.point_a1.company_id, self.commune_a1)
        # The old communes dissolved; the office serves the new one.
        old = (self.commune_a1 | self.commune_a2).with_context(active_test=False)
        self.assertFalse(any(old.mapped("active")))
        self.assertEqual(old.mapped("merged_into_ids"), a3)
        self.assertIn(a3, self.office_a.served_commune_ids)
        self.assertFalse(self.office_a.served_commune_ids & old)
        self.assertEqual(self.office_a, a3.vbsp_office_ids)
        # The old commune's users work in the new one.
        self.assertEqual(self.police_user.company_id, a3)
        self.assertIn(a3, self.police_user.company_ids)
        self.assertNotIn(self.commune_a1, self.police_user.company_ids)

    def test_new_commune_reads_moved_and_kept_records_others_nothing(self):
        self._merge(
            {
                self.commune_a1.id: self.commune_a3.id,
                self.commune_a2.id: self.commune_a3.id,
            }
        )
        moved = {
            "rehab.person": self.person_a1 | self.person_a2 | self.archived_a1,
            "rehab.savings.group": self.group,
            "rehab.loan": self.loan,
            "rehab.monthly.list": self.open_list | self.record,
            "rehab.monthly.list.line": self.record.line_ids,
            "rehab.referral.slip": self.slip,
            "rehab.report": self.report,
        }
        for model, records in moved.items():
            self.assertEqual(self._readable(self.police_a3, records), records, model)
            # The former users of A1 read them through the new commune.
            self.assertEqual(self._readable(self.police_user, records), records, model)
            for stranger in (self.police_a4, self.police_b_user):
                self.assertFalse(self._readable(stranger, records), model)
        # Read only: the kept list is not the new commune's to change.
        with self.assertRaises(AccessError):
            self.record.with_user(self.police_a3).check_access("write")
        # The bank office serving the new commune reads the sent list and slip.
        self.assertEqual(self._readable(self.vbsp_user, self.slip), self.slip)

    def test_dry_run_writes_nothing(self):
        self.env.flush_all()
        stamps = {
            record: record.write_date
            for record in (self.person_a1, self.loan, self.group, self.commune_a1)
        }
        counts = self._merge({self.commune_a1.id: self.commune_a3.id}, dry_run=True)[
            self.commune_a1.id
        ]
        self.assertEqual(counts["people"], 4)
        self.assertEqual(counts["loans"], 1)
        self.assertEqual(counts["savings_groups"], 1)
        self.assertEqual(counts["transaction_points"], 1)
        self.assertEqual(counts["closed_lists"], 1)
        self.assertEqual(counts["slips"], 1)
        self.assertEqual(counts["reports"], 1)
        self.env.invalidate_all()
        for record, stamp in stamps.items():
            self.assertEqual(record.write_date, stamp)
        self.assertEqual(self.person_a1.company_id, self.commune_a1)
        self.assertTrue(self.commune_a1.active)
        self.assertFalse(
            self.env["auditlog.log"].search(
                [
                    ("method", "=", "merge_communes"),
                    ("company_id", "=", self.commune_a3.id),
                ]
            )
        )

    def test_audit_trail_read_by_the_province(self):
        self._merge({self.commune_a1.id: self.commune_a3.id})
        logs = (
            self.env["auditlog.log"]
            .with_user(self.province_user)
            .search([("method", "=", "merge_communes")])
        )
        self.assertEqual(len(logs), 1)
        text = logs.line_ids.new_value_text
        self.assertIn("Test commune A1", text)
        self.assertIn("Test commune A3", text)
        self.assertIn(self.admin_user.name, text)
        self.assertIn("People (archived too): 4", text)
        self.assertFalse(
            self.env["auditlog.log"]
            .with_user(self.admin_b)
            .search([("method", "=", "merge_communes")])
        )

    def test_split_by_village(self):
        before = self._province_figures()
        # The open list of A2 is not part of the split of A1.
        split = {
            "villages": {"Bản Khòn Pổ": self.commune_a3.id},
            "seat": self.commune_a3.id,
        }
        with self.assertRaises(UserError) as refused:
            self._merge({self.commune_a1.id: split})
        self.assertIn("Thôn Một", str(refused.exception))
        split["villages"]["  thôn  một "] = self.commune_a4.id
        split["villages"][""] = self.commune_a3.id
        self._merge({self.commune_a1.id: split})
        self.assertEqual(self._province_figures(), before)
        self.assertEqual(self.person_a1.company_id, self.commune_a3)
        self.assertEqual(self.archived_a1.company_id, self.commune_a4)
        self.assertEqual(self.loan.company_id, self.commune_a3)
        self.assertEqual(self.record.company_id, self.commune_a1)
        old = self.commune_a1.with_context(active_test=False)
        self.assertEqual(old.merged_into_ids, self.commune_a3 | self.commune_a4)
        self.assertEqual(self._readable(self.police_a4, self.slip), self.slip)
        self.assertFalse(self._readable(self.police_b_user, self.slip))

    def test_open_lists_of_one_month_become_one(self):
        kept = self._list(self.commune_a3)
        people = self.open_list.line_ids.person_id
        counts = self._merge({self.commune_a2.id: self.commune_a3.id})
        self.assertEqual(counts[self.commune_a2.id]["open_lists"], 1)
        self.assertFalse(self.open_list.exists())
        self.assertEqual(kept.line_ids.person_id, people)
        self.assertFalse(
            kept.line_ids.filtered(lambda line: line.company_id != kept.company_id)
        )
        self.assertEqual(self.person_a2.company_id, self.commune_a3)

    def test_month_closed_in_the_new_commune_refused(self):
        # A1 sent its list of the month; A2's of the same month is open.
        with self.assertRaises(UserError):
            self._merge({self.commune_a2.id: self.commune_a1.id})
        self.assertTrue(self.open_list.exists())

    def test_split_refused_while_a_list_is_open(self):
        split = {
            "villages": {"Thôn Hai": self.commune_a3.id},
            "seat": self.commune_a3.id,
        }
        with self.assertRaises(UserError):
            self._merge({self.commune_a2.id: split})
        self.assertEqual(self.person_a2.company_id, self.commune_a2)

    def test_refused_mappings(self):
        for mapping in (
            {self.commune_a1.id: self.commune_a1.id},
            {self.commune_a1.id: self.police_a.id},
            {self.commune_a1.id: self.commune_b1.id},
            {
                self.commune_a1.id: self.commune_a2.id,
                self.commune_a2.id: self.commune_a3.id,
            },
        ):
            with self.assertRaises(UserError):
                self._merge(mapping)
        self._merge({self.commune_a2.id: self.commune_a3.id})
        with self.assertRaises(UserError):
            self._merge({self.commune_a2.id: self.commune_a4.id})
        with self.assertRaises(UserError):
            self._merge({self.commune_a4.id: self.commune_a2.id})
        # A chain: the users of the last commune read the first one's history.
        self._merge({self.commune_a3.id: self.commune_a4.id})
        a2 = self.commune_a2.with_context(active_test=False)
        self.assertEqual(a2.merged_into_ids, self.commune_a3 | self.commune_a4)

    def test_queries_do_not_grow_with_the_records(self):
        used = []
        for count in (2, 8):
            self.env.registry.clear_cache()
            self.env.cr.execute("SAVEPOINT merge_queries")
            self.Person.create(
                [
                    self.person_vals(
                        self.commune_a4,
                        name="Người %s" % number,
                        citizen_id="02009091%04d" % number,
                        village="Thôn %s" % (number % 2),
                    )
                    for number in range(count)
                ]
            )
            self.env.flush_all()
            start = self.env.cr.sql_log_count
            self._merge({self.commune_a4.id: self.commune_a3.id})
            self.env.flush_all()
            used.append(self.env.cr.sql_log_count - start)
            self.env.cr.execute("ROLLBACK TO SAVEPOINT merge_queries")
            self.env.invalidate_all()
        # Six more people, not six more queries (the same queries but for
        # the odd one of the caches).
        self.assertLess(used[1], used[0] + 6)

    def test_merged_into_never_written_by_hand(self):
        for user in (self.admin_user, self.env.ref("base.user_admin")):
            with self.assertRaises(UserError):
                self.commune_a1.with_user(user).write(
                    {"merged_into_ids": [(6, 0, self.commune_a4.ids)]}
                )
        self.assertFalse(self.commune_a1.merged_into_ids)

    def test_only_the_province_admin(self):
        for user in (self.police_user, self.province_user, self.admin_b):
            with self.assertRaises(AccessError):
                self._merge({self.commune_a1.id: self.commune_a3.id}, user=user)
        self.assertEqual(self.person_a1.company_id, self.commune_a1)

    def test_wizard(self):
        form = Form(self.env["rehab.commune.merge"].with_user(self.admin_user))
        form.mode = "merge"
        form.old_company_ids.add(self.commune_a1)
        form.old_company_ids.add(self.commune_a2)
        form.target_company_id = self.commune_a3
        wizard = form.save()
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertIn("Test commune A2", wizard.preview)
        self.assertEqual(self.person_a1.company_id, self.commune_a1)
        wizard.action_apply()
        self.assertEqual(self.person_a1.company_id, self.commune_a3)
        self.assertEqual(self.open_list.company_id, self.commune_a3)

    def test_wizard_split_loads_villages(self):
        form = Form(self.env["rehab.commune.merge"].with_user(self.admin_user))
        form.mode = "split"
        form.old_company_id = self.commune_a1
        form.target_company_id = self.commune_a3
        wizard = form.save()
        wizard.action_load_villages()
        self.assertEqual(
            sorted(line.village or "" for line in wizard.village_ids),
            ["", "Bản Khòn Pổ", "Thôn Một"],
        )
        with self.assertRaises(UserError):
            wizard.action_preview()
        wizard.village_ids.target_company_id = self.commune_a4
        wizard.action_preview()
        wizard.action_apply()
        self.assertEqual(self.person_a1.company_id, self.commune_a4)

    def test_plan_functions(self):
        split = {"villages": {"Thôn 1": 1, "": 2}, "seat": 3}
        self.assertEqual(commune_merge.target_of(split, " thôn   1"), 1)
        self.assertEqual(commune_merge.target_of(split, False), 2)
        self.assertIsNone(commune_merge.target_of(split, "Thôn 2"))
        self.assertEqual(commune_merge.targets_of(split), {1, 2, 3})
        self.assertEqual(
            commune_merge.unmapped_villages(["Thôn 2", "thôn 2 ", "Thôn 1"], split),
            ["Thôn 2"],
        )
        self.assertEqual(
            commune_merge.group_by_target({5: 1, 6: 1, 7: 2}), {1: [5, 6], 2: [7]}
        )


@tagged("post_install", "-at_install")
class TestCommuneMergeRpc(JsonRpcMixin, HttpCase, CommuneMergeCase):
    def test_refused_over_json_rpc(self):
        values = {
            "mode": "merge",
            "old_company_ids": [(6, 0, [self.commune_a1.id])],
            "target_company_id": self.commune_a3.id,
        }
        wizard_id, error = self.rpc(
            self.police_user, "rehab.commune.merge", "create", values
        )
        self.assertTrue(error)
        # A programme administrator of another province makes the wizard,
        # and is refused its preview and its apply.
        wizard_id = self.ok(self.admin_b, "rehab.commune.merge", "create", values)
        for method in ("action_preview", "action_apply"):
            __, error = self.rpc(
                self.admin_b, "rehab.commune.merge", method, [wizard_id]
            )
            self.assertIn("Test commune A1", error or "", method)
        # Nor does a private method answer over RPC.
        __, error = self.rpc(
            self.admin_b,
            "res.company",
            "_rehab_merge_communes",
            {str(self.commune_a1.id): self.commune_a3.id},
        )
        self.assertTrue(error)
        self.assertEqual(self.person_a1.company_id, self.commune_a1)
