"""Sample renders of every printed document, for the README (docs/*.png).

Run by `make docs` in `odoo shell` on the demo database: prints each document
of the demo as the role that prints it in real life, turns the first page
into a PNG (pdftoppm; LibreOffice first for ODT and XLSX).
"""

import os
import subprocess
import tempfile

OUT = os.environ.get("DOCS_DIR", "docs")
RESOLUTION = "70"


def user(login):
    return env["res.users"].search([("login", "=", login)], limit=1)  # noqa: F821


def to_png(content, suffix, name):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "document.%s" % suffix)
        with open(path, "wb") as file:
            file.write(content)
        if suffix != "pdf":
            subprocess.run(
                [
                    "soffice",
                    "-env:UserInstallation=file://%s/profile" % tmp,
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    path,
                ],
                capture_output=True,
                check=True,
            )
            path = os.path.join(tmp, "document.pdf")
        target = os.path.join(OUT, name)
        subprocess.run(
            ["pdftoppm", "-png", "-r", RESOLUTION, "-f", "1", "-l", "1"]
            + ["-singlefile", path, target],
            check=True,
        )
        print("docs: %s.png" % target)


def render(xmlid, records, login, name):
    if not records:
        print("docs: nothing to print for %s" % name)
        return
    report = env.ref(xmlid)  # noqa: F821
    Report = (
        env["ir.actions.report"]  # noqa: F821
        .with_user(user(login))
        .with_context(force_report_rendering=True)
    )
    if report.report_type == "qweb-pdf":
        content, kind = Report._render_qweb_pdf(xmlid, records.ids)
    elif report.report_type == "xlsx":
        content, kind = Report._render_xlsx(xmlid, records.ids, {})
    else:
        content, kind = Report._render(xmlid, records.ids)
    to_png(content, kind, name)


os.makedirs(OUT, exist_ok=True)
Slip = env["rehab.referral.slip"]  # noqa: F821
List = env["rehab.monthly.list"]  # noqa: F821
Report = env["rehab.report"]  # noqa: F821
Loan = env["rehab.loan"]  # noqa: F821
chau_son = env.ref("post_rehab_credit.company_chau_son")  # noqa: F821
chau_son_list = List.search(
    [("company_id", "=", chau_son.id), ("state", "=", "received")], limit=1
)
render(
    "post_rehab_credit.action_report_referral_slip",
    Slip.search([("company_id", "=", chau_son.id), ("state", "=", "used")], limit=1),
    "congan.chauson",
    "referral_slip",
)
render(
    "post_rehab_credit.action_report_monthly_list",
    chau_son_list,
    "congan.chauson",
    "monthly_list_pdf",
)
render(
    "post_rehab_credit.action_report_monthly_list",
    List.search([("state", "=", "draft")], limit=1),
    "congan.tohieu",
    "monthly_list_draft_pdf",
)
render(
    "post_rehab_credit.action_report_monthly_list_odt",
    chau_son_list,
    "congan.chauson",
    "monthly_list_odt",
)
render(
    "post_rehab_credit.action_report_monthly_list_xlsx",
    chau_son_list,
    "congan.chauson",
    "monthly_list_xlsx",
)
report = Report.search(
    [("company_id", "=", chau_son.id), ("state", "=", "accepted")], limit=1
)
render(
    "post_rehab_credit.action_report_periodic_odt",
    report,
    "congan.chauson",
    "periodic_report_odt",
)
render(
    "post_rehab_credit.action_report_periodic_annex_xlsx",
    Report.with_user(user("congan.sonla")).search(
        [("state", "=", "accepted")], order="due_date desc", limit=1
    ),
    "congan.sonla",
    "periodic_report_annex_xlsx",
)
office_loans = Loan.with_user(user("nhcsxh.dinhlap")).search([])
render(
    "post_rehab_credit.action_report_loan_portfolio_xlsx",
    office_loans,
    "nhcsxh.dinhlap",
    "loan_portfolio_xlsx",
)
render(
    "post_rehab_credit.action_report_loan_overdue_xlsx",
    office_loans,
    "nhcsxh.dinhlap",
    "loan_overdue_xlsx",
)
render(
    "post_rehab_credit.action_report_loan_classification_xlsx",
    env["rehab.loan.classification"].search(  # noqa: F821
        [("state", "=", "approved")], limit=1
    ),
    "nhcsxh.langson",
    "loan_classification_xlsx",
)
Sheet = env["rehab.session.sheet"]  # noqa: F821
Session = env["rehab.transaction.session"]  # noqa: F821
closed = Session.search(
    [("company_id", "=", chau_son.id), ("state", "=", "closed")],
    order="date desc",
    limit=1,
)
render(
    "post_rehab_credit.action_report_collection_sheet",
    Sheet.search([("session_id", "=", closed.id)], limit=1),
    "nhcsxh.dinhlap",
    "collection_sheet_pdf",
)
render(
    "post_rehab_credit.action_report_collection_sheet_xlsx",
    Sheet.search([("session_id", "=", closed.id)], limit=1),
    "nhcsxh.dinhlap",
    "collection_sheet_xlsx",
)
render(
    "post_rehab_credit.action_report_transaction_session",
    closed,
    "nhcsxh.dinhlap",
    "session_report_pdf",
)
render(
    "post_rehab_credit.action_report_group_review",
    env["rehab.group.review"].search(  # noqa: F821
        [("company_id", "=", chau_son.id), ("state", "=", "confirmed")], limit=1
    ),
    "totk.chauson",
    "group_review_03td_pdf",
)
office = env.ref("post_rehab_credit.company_dinh_lap_vbsp_office")  # noqa: F821
statement = (
    env["rehab.entrustment.statement"]  # noqa: F821
    .with_user(user("nhcsxh.dinhlap"))
    .create({"vbsp_office_id": office.id})
)
render(
    "post_rehab_credit.action_report_entrustment_statement_xlsx",
    statement,
    "nhcsxh.dinhlap",
    "entrustment_statement_xlsx",
)
