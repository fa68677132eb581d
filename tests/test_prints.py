import io
import json
import zipfile
from urllib.parse import unquote

import openpyxl
from freezegun import freeze_time

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import MonthlyListCase
from .common_session import SessionCase
from .document_reading import pdf_pages

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@tagged("post_install", "-at_install")
class TestEveryReportPrintsSeveral(HttpCase):
    """Every print action of the addon prints several records at once: one
    PDF with a document a record, one workbook, a zip of ODT files."""

    def _two(self, report):
        Model = self.env[report.model]
        if report.model == "rehab.public.notice":
            # The notice of a commune with a transaction point.
            commune = self.env["rehab.transaction.point"].search([], limit=1).company_id
            return Model.create(
                [
                    {"company_id": commune.id, "month": "2026-10-01"},
                    {"company_id": commune.id, "month": "2026-11-01"},
                ]
            )
        if Model._transient:
            office = self.env["res.company"].search(
                [("agency_type", "=", "vbsp_office")], limit=1
            )
            return Model.create(
                [
                    {"vbsp_office_id": office.id, "month": "2026-10-01"},
                    {"vbsp_office_id": office.id, "month": "2026-11-01"},
                ]
            )
        return Model.search([], limit=2)

    def test_every_report_prints_two_records(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "post_rehab_credit"), ("model", "=", "ir.actions.report")]
        )
        reports = self.env["ir.actions.report"].browse(data.mapped("res_id"))
        self.assertGreaterEqual(len(reports), 13)
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        for report in reports:
            with self.subTest(report=report.report_name):
                records = self._two(report)
                self.assertEqual(len(records), 2, report.model)
                with mute_logger("odoo.addons.base.models.ir_actions_report"):
                    content, kind = Report._render(report.report_name, records.ids)
                if report.report_type == "qweb-pdf":
                    self.assertEqual(kind, "pdf")
                    text = "\n".join(pdf_pages(content))
                    # One document a record, each with its heading.
                    self.assertEqual(text.count(NATION), 2, text)
                elif report.report_type == "xlsx":
                    self.assertEqual(kind, "xlsx")
                    book = openpyxl.load_workbook(io.BytesIO(content))
                    headed = [
                        sheet
                        for sheet in book.worksheets
                        if any(
                            NATION in str(cell.value or "")
                            for row in sheet.iter_rows()
                            for cell in row
                        )
                    ]
                    # A register of loans is one document; else a sheet a
                    # record (or more).
                    self.assertGreaterEqual(
                        len(headed), 1 if report.model == "rehab.loan" else 2
                    )
                else:
                    self.assertEqual(kind, "zip")
                    with zipfile.ZipFile(io.BytesIO(content)) as archive:
                        self.assertEqual(len(archive.namelist()), 2)

    def test_slips_read_together(self):
        """The QR codes of several slips compute together (a list printed)."""
        slips = self.env["rehab.referral.slip"].search([], limit=2)
        self.assertEqual(len(slips), 2)
        slips.invalidate_recordset(["qr_image", "verification_url"])
        self.assertTrue(all(slips.mapped("qr_image")))
        self.assertEqual(len(set(slips.mapped("verification_url"))), 2)

    def test_downloads_under_clean_names(self):
        self.authenticate("admin", "admin")
        loans = self.env["rehab.loan"].search([], limit=2)
        url = "/report/xlsx/post_rehab_credit.loan_portfolio_xlsx/%s" % ",".join(
            str(loan_id) for loan_id in loans.ids
        )
        response = self.url_open(
            "/report/download",
            data={
                "data": json.dumps([url, "xlsx"]),
                "context": json.dumps({}),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        disposition = unquote(response.headers["Content-Disposition"])
        self.assertRegex(disposition, r"(Loan portfolio|Dư nợ cho vay)\.xlsx")
        self.assertNotIn("(XLSX)", disposition)

    def test_download_names(self):
        portfolio = self.env.ref("post_rehab_credit.action_report_loan_portfolio_xlsx")
        loans = self.env["rehab.loan"].search([], limit=2)
        name = portfolio.with_context(lang="vi_VN")._rehab_download_name(loans.ids)
        self.assertEqual(name, "Dư nợ cho vay")
        self.assertEqual(portfolio._rehab_download_name(loans[:1].ids), "Du_no_cho_vay")
        listing = self.env.ref("post_rehab_credit.action_report_monthly_list_odt")
        record = self.env["rehab.monthly.list"].search([], limit=1)
        self.assertEqual(
            listing._rehab_download_name(record.ids),
            "Danh_sach_%s" % record.month_date.strftime("%Y_%m"),
        )
        for report in self.env["ir.actions.report"].search(
            [("model", "like", "rehab.")]
        ):
            for lang in ("en_US", "vi_VN"):
                name = report.with_context(lang=lang)._rehab_download_name([1, 2])
                self.assertNotIn("(", name)
                self.assertTrue(name)


class TestDisplayNames(TransactionCase):
    def test_every_record_of_the_programme_has_a_name(self):
        """No breadcrumb or link reads «rehab.loan.use.check,8»."""
        env = self.env(context=dict(self.env.context, lang="vi_VN"))
        walked = 0
        for name in sorted(env.registry):
            Model = env[name]
            if not name.startswith("rehab.") or Model._abstract or Model._transient:
                continue
            for record in Model.sudo().search([], limit=3):
                walked += 1
                self.assertTrue(record.display_name, name)
                self.assertNotEqual(
                    record.display_name, "%s,%s" % (name, record.id), name
                )
                self.assertNotIn(name, record.display_name)
        self.assertGreater(walked, 40)


@tagged("post_install", "-at_install")
class TestPrintedTimes(SessionCase):
    def test_closing_time_in_the_agency_time_zone(self):
        sheet = self._ready()
        with freeze_time("2026-08-15 09:30:00"):
            self._type(sheet, self.controller, cash=0)
            sheet.with_user(self.teller).action_skip()
            self.session.with_user(self.leader).action_close()
        self.leader.tz = "UTC"
        html = (
            self.env["ir.actions.report"]
            .with_user(self.leader)
            .with_context(tz="UTC")
            ._render_qweb_html(
                "post_rehab_credit.action_report_transaction_session",
                self.session.ids,
            )[0]
            .decode()
        )
        # 09:30 UTC is 16:30 in Hà Nội.
        self.assertIn("16:30", html)
        self.assertNotIn("09:30", html)
        self.assertIn("15/08/2026", html)

    def test_new_users_of_an_agency_work_in_its_time_zone(self):
        Users = self.env["res.users"].with_context(tz="UTC")
        user = Users.create(
            {
                "name": "Cán bộ mới",
                "login": "can_bo_moi",
                "company_id": self.office_a.id,
                "company_ids": [(6, 0, self.office_a.ids)],
            }
        )
        self.assertEqual(user.tz, "Asia/Ho_Chi_Minh")
        host = Users.create(
            {
                "name": "Host user",
                "login": "host_user_tz",
                "company_id": self.env.ref("base.main_company").id,
                "company_ids": [(6, 0, self.env.ref("base.main_company").ids)],
            }
        )
        self.assertNotEqual(host.tz, "Asia/Ho_Chi_Minh")
        defaults = (
            self.env["res.users"]
            .with_company(self.office_a)
            .with_context(tz="UTC", allowed_company_ids=self.office_a.ids)
            .default_get(["tz"])
        )
        self.assertEqual(defaults.get("tz"), "Asia/Ho_Chi_Minh")


@tagged("post_install", "-at_install")
class TestReadableRefusals(MonthlyListCase):
    def test_a_field_kept_for_other_roles_is_refused_in_words(self):
        record = self._confirmed_list()
        record.with_user(self.police_user).action_send()
        line = record.line_ids[:1].with_user(self.vbsp_user)
        self.assertTrue(line.person_name)
        for lang, words in (
            ("en_US", "«Why left out»"),
            ("vi_VN", "«Lý do không đưa vào»"),
        ):
            with self.assertRaises(AccessError) as caught:
                line.with_context(lang=lang).read(["exclusion_reason"])
            message = str(caught.exception)
            self.assertIn(words, message)
            self.assertNotIn("exclusion_reason", message)
            self.assertNotIn("rehab.monthly.list.line", message)
        # The bank prints its copy of the list all the same.
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.vbsp_user)
            ._render_xlsx(
                "post_rehab_credit.action_report_monthly_list_xlsx", record.ids, {}
            )
        )
        self.assertEqual(kind, "xlsx")
