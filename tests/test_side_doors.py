import logging
from contextlib import contextmanager
from datetime import date
from urllib.parse import urlsplit

import psycopg2
from freezegun import freeze_time

from odoo import api
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval, time

from ..tools.privacy import mask_citizen_id
from ..tools.rehab_rules import CITIZEN_ID_FIELDS
from .common import PREFIX, JsonRpcMixin, PostRehabCreditCase

# The two people of the flow: what of them is rehab history, or a full ID.
PEOPLE = (
    {
        "name": "Lò Văn Pấng",
        "citizen_id": "020091001234",
        "birth_date": date(1991, 3, 2),
        "gender": "male",
        "village": "Bản Khòn Pổ",
        "household_rep_name": "Lò Thị Xen",
        "household_rep_relation": "Mẹ",
        "household_rep_citizen_id": "020165003344",
        "rehab_route": "compulsory",
        "rehab_facility": "Cơ sở cai nghiện bắt buộc Hồng Phong",
        "completion_date": date(2025, 8, 7),
        "decision_number": "117/QĐ-UBND-KX",
        "decision_date": date(2025, 9, 3),
        "decision_issuer": "UBND xã Khòn Xạ",
        "purpose": "production",
        "amount_needed": 12_000_000,
    },
    {
        "name": "Vi Thị Mai",
        "citizen_id": "020194004321",
        "birth_date": date(1994, 10, 20),
        "gender": "female",
        "village": "Bản Khòn Pổ",
        "rehab_route": "substitution",
        "rehab_facility": "Cơ sở điều trị Methadone Lộc Bình",
        "completion_date": date(2025, 9, 14),
        "decision_number": "203/QĐ-UBND-LB",
        "decision_date": date(2025, 10, 22),
        "decision_issuer": "UBND xã Lộc Bình",
        "purpose": "production",
        "amount_needed": 10_000_000,
    },
)
CONDUCT_NOTE = "Chấp hành tốt tại khu dân cư Khòn Pổ"


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@tagged("post_install", "-at_install")
class TestSideDoors(JsonRpcMixin, HttpCase, PostRehabCreditCase):
    """No side doors (issue 22, item 7): the programme's whole flow, from a
    person registered to a repayment at the commune's transaction session,
    leaves no rehab history and no full citizen ID in what goes out of the
    records: mails and their subjects, chatter messages and tracked values,
    to-dos, the server's log at every level, URLs, the names of the
    documents printed and downloaded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The flow as users make it: tracked, with its mails.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.env["rehab.capital.allocation"].create(
            {
                "source": "vbsp",
                "decision_number": "01/QĐ-NHCS",
                "decision_date": "2026-01-02",
                "company_id": cls.branch_a.id,
                "amount": 1_000_000_000,
            }
        )
        cls.group = cls.env["rehab.savings.group"].create(
            {
                "name": "Tổ TK&VV bản Khòn Pổ",
                "company_id": cls.commune_a1.id,
                "organisation": "women",
                "leader_name": "Hà Thị Tổ",
                "officer_ids": [(6, 0, cls.savings_user.ids)],
                "member_ids": [(0, 0, {"name": "Thành viên %s" % i}) for i in range(5)],
            }
        )

        def officer(login, name):
            return new_test_user(
                cls.env,
                login=login,
                name=name,
                groups="base.group_user,%svbsp_officer" % PREFIX,
                company_id=cls.office_a.id,
                company_ids=[(6, 0, cls.office_a.ids)],
            )

        cls.controller = officer("t_side_controller", "Kiểm soát viên")
        cls.teller = officer("t_side_teller", "Giao dịch viên")
        # The transaction point of commune A1 meets on the 15th.
        cls.point = (
            cls.env["rehab.transaction.point"]
            .with_user(cls.vbsp_user)
            .create(
                {
                    "name": "Nhà văn hóa bản Khòn Pổ",
                    "vbsp_office_id": cls.office_a.id,
                    "company_id": cls.commune_a1.id,
                    "session_day": 15,
                    "leader_id": cls.vbsp_user.id,
                    "controller_id": cls.controller.id,
                    "teller_id": cls.teller.id,
                }
            )
        )

    # What must never leave the records

    def _secrets(self):
        """Every value of rehab history of the flow's people, and their full
        citizen IDs, in the forms a text may carry them."""
        secrets = {CONDUCT_NOTE}
        for lang in ("en_US", "vi_VN"):
            labels = dict(
                self.env["rehab.person"]
                ._fields["rehab_route"]
                ._description_selection(self.env(context={"lang": lang}))
            )
            for person in PEOPLE:
                secrets.add(labels[person["rehab_route"]])
        for person in PEOPLE:
            for fname in (
                "citizen_id",
                "household_rep_citizen_id",
                "rehab_facility",
                "decision_number",
                "decision_issuer",
            ):
                if person.get(fname):
                    secrets.add(person[fname])
            for fname in ("completion_date", "decision_date"):
                day = person[fname]
                secrets |= {day.strftime("%d/%m/%Y"), day.isoformat()}
        # Both languages carry the routes' labels: none of them is empty.
        self.assertGreaterEqual(len(secrets), 20)
        return secrets

    def _leaks(self, texts):
        """[(where, what leaked)] of the texts captured."""
        secrets = self._secrets()
        return [
            (where, secret)
            for where, text in texts
            for secret in secrets
            if secret in (text or "")
        ]

    # Capture

    def _capture_created(self, model, fnames, texts):
        """Every record of ``model`` created from here on: its ``fnames``
        (read at once: a mail sent is deleted after)."""
        Model = type(self.env[model])
        create = Model.create

        @api.model_create_multi
        def capture(this, vals_list):
            records = create(this, vals_list)
            for record in records.sudo():
                texts.append(
                    (
                        "%s %s" % (model, record.id),
                        " | ".join(str(record[fname] or "") for fname in fnames),
                    )
                )
            return records

        self.patch(Model, "create", capture)

    @contextmanager
    def _server_log(self):
        """The log of the server at every level, as ``--log-level=debug``
        makes it (odoo:DEBUG; the SQL queries stay at INFO, as Odoo's own
        debug level keeps them), and the HTTP server's request lines."""
        handler = _Capture()
        odoo_logger = logging.getLogger("odoo")
        sql_logger = logging.getLogger("odoo.sql_db")
        werkzeug = logging.getLogger("werkzeug")
        saved = (odoo_logger.level, odoo_logger.propagate, sql_logger.level)
        odoo_logger.addHandler(handler)
        werkzeug.addHandler(handler)
        odoo_logger.setLevel(logging.DEBUG)
        # Not written to the test run's own log: it would grow by the flow's
        # debug lines.
        odoo_logger.propagate = False
        sql_logger.setLevel(logging.INFO)
        try:
            yield handler.records
        finally:
            odoo_logger.removeHandler(handler)
            werkzeug.removeHandler(handler)
            odoo_logger.setLevel(saved[0])
            odoo_logger.propagate = saved[1]
            sql_logger.setLevel(saved[2])

    # The flow

    @contextmanager
    def _on(self, moment):
        """A step of the flow at ``moment`` (UTC), its changes tracked at
        its end as at the end of the user's request."""
        with freeze_time(moment):
            yield
            self.env.flush_all()
            self.env.cr.precommit.run()

    def _wizard(self, model, user, **values):
        form = Form(self.env[model].with_user(user).with_context(**values.pop("ctx")))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _register(self):
        """The commune police register the two people, their conduct, and
        correct a need (a tracked change). A second registration of the
        first one, from the web client, is refused: the refusal, which the
        server logs, names the ID by its last four digits."""
        people = self.env["rehab.person"]
        for values in PEOPLE:
            form = Form(self.env["rehab.person"].with_user(self.police_user))
            for name, value in values.items():
                setattr(form, name, value)
            people |= form.save()
        self.assertTrue(
            all(people.mapped("is_eligible")), people.mapped("eligibility_reasons")
        )
        values = {
            key: str(value) if isinstance(value, date) else value
            for key, value in PEOPLE[1].items()
        }
        __, error = self.rpc(
            self.police_user,
            "rehab.person",
            "create",
            [dict(values, citizen_id=PEOPLE[0]["citizen_id"], birth_date="1991-03-02")],
            context={},
        )
        self.assertIn("The citizen ID ••••••••1234 is already registered", error)
        people[0].with_user(self.police_user).write(
            {
                "conduct_ids": [
                    (0, 0, {"kind": "good", "note": CONDUCT_NOTE, "date": "2026-04-30"})
                ],
                "amount_needed": 15_000_000,
                "informed_date": "2026-04-20",
                "informed_channel": "meeting",
            }
        )
        return people

    def _list_and_slips(self):
        """The month's list: drawn up on the 1st, filled and submitted by
        the police, confirmed by the chairman, sent to and received by the
        bank; a slip for each person."""
        List = self.env["rehab.monthly.list"]
        with self._on("2026-05-01 01:00:00"):
            monthly_list = List._create_lists(self.commune_a1, date(2026, 5, 1))
        with self._on("2026-05-04 03:00:00"):
            people = self._register()
            monthly_list.with_user(self.police_user).action_fill()
            self.assertEqual(monthly_list.line_ids.person_id, people)
            monthly_list.with_user(self.police_user).action_submit()
        with self._on("2026-05-05 03:00:00"):
            self._wizard(
                "rehab.monthly.list.confirm",
                self.chairman_user,
                ctx={"default_list_id": monthly_list.id},
            ).action_confirm()
            monthly_list.with_user(self.chairman_user).action_send()
            for line in monthly_list.line_ids:
                line.with_user(self.chairman_user).action_issue_slip()
            monthly_list.with_user(self.vbsp_user).action_receive()
        slips = monthly_list.line_ids.slip_id
        self.assertEqual(len(slips), 2)
        return people, monthly_list, slips

    def _check_slip(self, slip, urls):
        """The bank officer scans the slip's QR code."""
        urls.append(("slip %s" % slip.id, slip.verification_url))
        self.authenticate(self.vbsp_user.login, self.vbsp_user.login)
        path = urlsplit(slip.verification_url).path
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-state="valid"', response.text)
        urls.append(("QR page %s" % slip.id, response.url))

    def _loan(self, slip, amount):
        """Application, group review, commune, decision, disbursement."""
        with self._on("2026-05-06 03:00:00"):
            form = Form(self.env["rehab.loan"].with_user(self.vbsp_user))
            form.slip_id = slip
            form.purpose = "production"
            form.amount_requested = amount
            form.term_months = 12
            form.savings_group_id = self.group
            loan = form.save()
        with self._on("2026-05-08 03:00:00"):
            self._wizard(
                "rehab.loan.review",
                self.savings_user,
                ctx={"default_loan_id": loan.id},
                meeting_date=date(2026, 5, 8),
                members_present=4,
                note="Cả tổ nhất trí",
            ).action_record()
            loan.with_user(self.chairman_user).action_confirm_commune()
        with self._on("2026-05-11 03:00:00"):
            self._wizard(
                "rehab.loan.decide",
                self.vbsp_user,
                ctx={"default_loan_id": loan.id},
                decision_date=date(2026, 5, 11),
                amount=amount,
            ).action_decide()
        with self._on("2026-05-15 03:00:00"):
            self._wizard(
                "rehab.loan.disburse",
                self.vbsp_user,
                ctx={"default_loan_id": loan.id},
                date=date(2026, 5, 15),
                amount=amount,
            ).action_disburse()
        self.assertEqual(loan.state, "repaying")
        return loan

    def _session(self, loans):
        """The session of 15 June: opened, one borrower pays his instalment
        and the other part of hers, cash counted, posted, closed."""
        Session = self.env["rehab.transaction.session"]
        with self._on("2026-06-01 01:00:00"):
            Session._cron_plan_sessions()
        session = Session.search(
            [("point_id", "=", self.point.id), ("date", "=", date(2026, 6, 15))]
        )
        self.assertEqual(len(session), 1)
        with self._on("2026-06-15 02:00:00"):
            session.with_user(self.vbsp_user).action_open()
            sheet = session.sheet_ids.filtered(
                lambda s: s.savings_group_id == self.group
            )
            paid = {}
            form = Form(sheet.with_user(self.teller))
            for index, line in enumerate(sheet.line_ids):
                with form.line_ids.edit(index) as row:
                    if line.loan_id == loans[1]:
                        row.amount_paid = 500_000
                    paid[line.loan_id] = row.amount_paid
            form.save()
            self.assertEqual(set(paid), set(loans))
            form = Form(sheet.with_user(self.controller))
            form.cash_counted = sum(paid.values())
            form.save()
            sheet.with_user(self.teller).action_post()
            session.with_user(self.vbsp_user).action_close()
        self.assertEqual(session.state, "closed")
        for loan in loans:
            self.assertEqual(loan.repayment_ids.amount, paid[loan])
        return session, sheet

    def _file_names(self, records):
        """The names of every document of the flow's records, as Odoo names
        a print (``print_report_name``) and as they download."""
        names = []
        reports = self.env["ir.actions.report"].search(
            [("model", "in", list({r._name for r in records}))]
        )
        self.assertTrue(reports)
        for report in reports:
            printed = [r for r in records if r._name == report.model]
            for record in printed:
                if report.print_report_name:
                    names.append(
                        (
                            report.report_name,
                            safe_eval(
                                report.print_report_name,
                                {"object": record, "time": time},
                            ),
                        )
                    )
                names.append(
                    (report.report_name, report._rehab_download_name(record.ids))
                )
            ids = [r.id for r in printed]
            names.append((report.report_name, report._rehab_download_name(ids)))
            # The route a print is fetched on.
            names.append(
                (
                    report.report_name,
                    "/report/%s/%s/%s"
                    % (
                        report.report_type.split("-")[-1],
                        report.report_name,
                        ",".join(map(str, ids)),
                    ),
                )
            )
        return names

    def test_the_flow_leaves_no_history_and_no_full_id(self):
        texts = {"mail": [], "message": [], "tracking": [], "activity": []}
        self._capture_created(
            "mail.mail",
            ("subject", "body_html", "email_to", "references"),
            texts["mail"],
        )
        self._capture_created(
            "mail.message",
            ("subject", "body", "record_name", "preview"),
            texts["message"],
        )
        self._capture_created(
            "mail.tracking.value",
            (
                "old_value_char",
                "new_value_char",
                "old_value_datetime",
                "new_value_datetime",
                "old_value_integer",
                "new_value_integer",
                "old_value_float",
                "new_value_float",
            ),
            texts["tracking"],
        )
        self._capture_created(
            "mail.activity", ("summary", "note", "res_name"), texts["activity"]
        )
        urls = []
        with self._server_log() as records:
            people, monthly_list, slips = self._list_and_slips()
            by_person = {slip.person_id: slip for slip in slips}
            with self._on("2026-05-06 02:00:00"):
                for slip in slips:
                    self._check_slip(slip, urls)
            loans = [
                self._loan(by_person[person], amount)
                for person, amount in zip(
                    people.sorted("id"), (12_000_000, 10_000_000), strict=True
                )
            ]
            session, sheet = self._session(loans)
            self.env.flush_all()
        log = [("log %s %s" % (r.name, r.levelname), r.getMessage()) for r in records]

        # The flow made what it is meant to make, so that the checks below
        # read something: mails, messages, changes tracked, to-dos, log lines.
        self.assertTrue(texts["mail"])
        self.assertTrue(texts["message"])
        self.assertTrue(texts["tracking"])
        self.assertTrue(texts["activity"])
        self.assertTrue(any(r.levelno == logging.DEBUG for r in records))
        self.assertTrue(any(r.levelno >= logging.INFO for r in records))
        # What the people's records hold is what must not leak.
        person = people.filtered(lambda p: p.citizen_id == PEOPLE[0]["citizen_id"])
        self.assertEqual(person.rehab_facility, PEOPLE[0]["rehab_facility"])
        self.assertEqual(person.conduct_ids.note, CONDUCT_NOTE)

        records_printed = [monthly_list, *slips, *loans, session, sheet]
        names = self._file_names(records_printed)
        for __, name in names:
            self.assertTrue(name)
        everything = [
            *texts["mail"],
            *texts["message"],
            *texts["tracking"],
            *texts["activity"],
            *log,
            *urls,
            *names,
        ]
        self.assertEqual(self._leaks(everything), [])
        # The QR code's address says nothing of the programme either.
        self.assertEqual(len(urls), 4)
        for __, url in urls:
            self.assertIn("/slip/", url)
            self.assertNotIn("rehab", url.lower())

        # The representative's citizen ID on the loan is in the access log
        # when the bank opens the loan, as on the person.
        loan = loans[0]
        Log = self.env["rehab.access.log"]
        before = Log.search([], order="id desc", limit=1).id or 0
        loan.with_user(self.vbsp_user).web_read(
            {"name": {}, "household_rep_citizen_id": {}}
        )
        entry = Log.search([("id", ">", before)])
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            (entry.user_id, entry.res_model, entry.res_ids, entry.field_names),
            (self.vbsp_user, "rehab.loan", str(loan.id), "household_rep_citizen_id"),
        )
        self.assertEqual(loan.household_rep_citizen_id, "020165003344")
        # A read of the loan without it is not logged.
        loan.with_user(self.vbsp_user).web_read({"name": {}, "state": {}})
        self.assertEqual(Log.search([("id", ">", before)]), entry)

    def test_the_check_finds_a_leak(self):
        """The check above is not blind: a value of the history, a full ID
        or a route's label in either language is found."""
        leaks = self._leaks(
            [
                ("mail", "CCCD 020091001234"),
                ("log", "Cơ sở điều trị Methadone Lộc Bình"),
                ("message", "Hình thức: Cai nghiện bắt buộc"),
                ("name", "Compulsory rehab 117/QĐ-UBND-KX"),
                ("activity", "hoàn thành 07/08/2025"),
                ("url", "/x?rep=020165003344"),
            ]
        )
        self.assertEqual(
            {where for where, __ in leaks},
            {"mail", "log", "message", "name", "activity", "url"},
        )
        self.assertFalse(self._leaks([("masked", "CCCD ••••••••1234")]))


@tagged("post_install", "-at_install")
class TestNoSideDoorByDesign(PostRehabCreditCase):
    """What keeps the side doors shut whatever the flow."""

    def test_no_sensitive_field_is_tracked(self):
        """A tracked field writes its old and new values into the chatter
        and its mails: no field of rehab history, no citizen ID, none a
        model logs reads of (the access log), is tracked."""
        checked = 0
        for name in self.env.registry:
            if not name.startswith("rehab."):
                continue
            Model = self.env[name]
            sensitive = set(getattr(Model, "_rehab_logged_fields", ())) | set(
                CITIZEN_ID_FIELDS
            )
            for field in Model._fields.values():
                if not getattr(field, "tracking", None):
                    continue
                checked += 1
                with self.subTest(model=name, field=field.name):
                    self.assertFalse(field.groups)
                    self.assertNotIn(field.name, sensitive)
        self.assertGreater(checked, 20)

    def test_the_masked_citizen_id(self):
        self.assertEqual(mask_citizen_id("020090904512"), "••••••••4512")
        self.assertEqual(mask_citizen_id("0200650011112"), "•••••••••1112")
        # Too short to be an ID, or no digits: as typed.
        self.assertEqual(mask_citizen_id("12 34"), "12 34")
        self.assertEqual(mask_citizen_id("không rõ"), "không rõ")
        self.assertFalse(mask_citizen_id(False))

    def test_a_refusal_names_the_id_by_its_last_four_digits(self):
        person = self.env["rehab.person"].create(
            {
                "name": "Hoàng Văn Sáng",
                "citizen_id": "020090904512",
                "birth_date": "1990-04-12",
                "gender": "male",
                "company_id": self.commune_a1.id,
            }
        )
        Person = self.env["rehab.person"].with_user(self.police_user)
        for values, english in (
            (
                {"citizen_id": "020090904512"},
                "The citizen ID ••••••••4512 is already registered for "
                "Hoàng Văn Sáng in Test commune A1.",
            ),
            (
                {"citizen_id": "020090904599", "gender": "female"},
                "Citizen ID ••••••••4599 of Lò Thị Mới: The fourth digit",
            ),
            (
                {"household_rep_citizen_id": "9990909045"},
                "Representative's citizen ID ••••••9045 of Lò Thị Mới:",
            ),
        ):
            with self.subTest(values=values):
                vals = {
                    "name": "Lò Thị Mới",
                    "citizen_id": "020192001122",
                    "birth_date": "1992-01-01",
                    "gender": "female",
                    **values,
                }
                with self.assertRaises(ValidationError) as caught:
                    with self.env.cr.savepoint():
                        Person.create(vals)
                message = str(caught.exception)
                self.assertIn(english, message)
                for cid in values.values():
                    if cid[:1].isdigit():
                        self.assertNotIn(cid, message)
        # In Vietnamese too.
        with self.assertRaises(ValidationError) as caught:
            Person.with_context(lang="vi_VN").create(
                {
                    "name": "Lò Thị Mới",
                    "citizen_id": "020090904512",
                    "birth_date": "1990-04-12",
                    "gender": "male",
                }
            )
        self.assertIn(
            "Số CCCD ••••••••4512 đã được đăng ký cho Hoàng Văn Sáng",
            str(caught.exception),
        )
        self.assertTrue(person.exists())

    def test_rpc_calls_on_the_programme_are_logged_without_values(self):
        """Odoo's debug log of every method a client calls (``odoo.api``)
        keeps what was called, not the values, on the programme's models;
        the other models' calls are logged as Odoo logs them."""
        with self.assertLogs("odoo.api", "DEBUG") as logs:
            api.call_kw(
                self.env["rehab.person"],
                "search_count",
                [[("citizen_id", "=", "020090904512")]],
                {},
            )
            api.call_kw(
                self.env["res.partner"],
                "search_count",
                [[("name", "=", "Zed Somebody")]],
                {},
            )
        self.assertEqual(
            logs.output[0], "DEBUG:odoo.api:call rehab.person().search_count(…)"
        )
        self.assertNotIn("020090904512", "\n".join(logs.output))
        self.assertIn("Zed Somebody", logs.output[1])

    def test_the_log_never_carries_a_full_citizen_id(self):
        """The safety net: a refusal of a request, an error's traceback, a
        failed query of the programme's tables."""
        with self.assertLogs("odoo.http", "WARNING") as logs:
            logging.getLogger("odoo.http").warning(
                UserError("Mã số 020090904512 không hợp lệ")
            )
            try:
                raise ValueError("Key (citizen_id)=(020090904512) already exists.")
            except ValueError:
                logging.getLogger("odoo.http").error("Request failed", exc_info=True)
        formatted = [logging.Formatter().format(record) for record in logs.records]
        self.assertIn("Mã số ••••••••4512 không hợp lệ", formatted[0])
        self.assertIn("(citizen_id)=(••••••••4512)", formatted[1])
        self.assertNotIn("020090904512", "\n".join(formatted))
        with self.assertLogs("odoo.sql_db", "ERROR") as logs:
            with self.assertRaises(psycopg2.Error), self.env.cr.savepoint():
                self.env.cr.execute(
                    "SELECT id FROM rehab_person WHERE rehab_facility = %s "
                    "AND citizen_id = %s AND id = %s",
                    ("Cơ sở cai nghiện Hồng Phong", "020090904512", "x"),
                )
        self.assertEqual(len(logs.records), 1)
        message = logs.records[0].getMessage()
        self.assertTrue(message.startswith("bad query: SELECT rehab_person"))
        self.assertIn("invalid input syntax", message)
        self.assertNotIn("020090904512", message)
        self.assertNotIn("Hồng Phong", message)
        # Another table's failed query is logged as Odoo logs it.
        with self.assertLogs("odoo.sql_db", "ERROR") as logs:
            with self.assertRaises(psycopg2.Error), self.env.cr.savepoint():
                self.env.cr.execute(
                    "SELECT id FROM res_partner WHERE name = %s AND id = %s",
                    ("Zed Somebody", "x"),
                )
        self.assertIn("Zed Somebody", logs.records[0].getMessage())

    def test_a_person_is_named_only_to_who_may_read_them(self):
        """A worker of an establishment of commune A1 who lives in commune
        A2: the commune A1 police, who cannot read the person, read the
        worker's name as «Post-rehab worker of an establishment – the
        establishment», not the person's name; the province officer does."""
        person = self.env["rehab.person"].create(
            {
                "name": "Đinh Văn Xã Bên",
                "citizen_id": "020088001234",
                "birth_date": "1988-05-05",
                "gender": "male",
                "company_id": self.commune_a2.id,
            }
        )
        establishment = self.env["rehab.establishment"].create(
            {
                "name": "HTX Khòn Pổ",
                "establishment_type": "cooperative",
                "company_id": self.commune_a1.id,
                "total_workers": 5,
                "worker_ids": [
                    (0, 0, {"person_id": person.id, "contract_number": "HĐ-01"})
                ],
            }
        )
        worker = establishment.worker_ids
        self.assertFalse(person.with_user(self.police_user).has_access("read"))
        name = worker.with_user(self.police_user).display_name
        self.assertNotIn(person.name, name)
        self.assertTrue(name)
        self.env.invalidate_all()
        self.assertIn(person.name, worker.with_user(self.province_user).display_name)
        # A conduct entry, read by who may read its person, names them.
        conduct = self.env["rehab.person.conduct"].create(
            {"person_id": person.id, "kind": "good", "date": "2026-01-05"}
        )
        self.assertIn(person.name, conduct.with_user(self.province_user).display_name)
