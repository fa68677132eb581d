# Copyright 2026 The post_rehab_credit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Credit for People after Drug Rehabilitation",
    "summary": "Registry, monthly lists, referral slips and VBSP loans under "
    "Decision 08/2026/QĐ-TTg, for every agency of a province",
    "description": """
Runs the credit programme of Decision 08/2026/QĐ-TTg for people after drug
rehabilitation inside a province's Odoo: every agency (province People's
Committee, province police, VBSP branch and transaction offices, departments,
communes) is a company; commune police keep the registry and draw up the
monthly list, commune chairmen confirm it, the bank lends and follows
repayment, the province steers through plans, reports and pivot views.
""",
    "version": "18.0.1.0.0",
    "category": "Services/Social Credit",
    "website": "https://github.com/post-rehab-credit/post_rehab_credit",
    "author": "post_rehab_credit authors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["base", "mail", "web", "auditlog", "report_xlsx", "report_py3o"],
    "external_dependencies": {
        "python": ["qrcode", "openpyxl", "xlsxwriter", "py3o.template", "py3o.formats"],
    },
    "data": [
        "data/ir_module_module_data.xml",
        "security/post_rehab_credit_security.xml",
        "security/ir.model.access.csv",
        "security/post_rehab_credit_rules.xml",
        "security/post_rehab_credit_list_rules.xml",
        "security/post_rehab_credit_loan_rules.xml",
        "security/post_rehab_credit_plan_rules.xml",
        "security/post_rehab_credit_activity_rules.xml",
        "security/post_rehab_credit_audit_rules.xml",
        "security/post_rehab_credit_wizard_rules.xml",
        "security/post_rehab_credit_session_rules.xml",
        "data/res_currency_data.xml",
        "data/mail_activity_data.xml",
        "data/ir_cron_data.xml",
        "data/rehab_loan_data.xml",
        "reports/report_templates.xml",
        "reports/reports.xml",
        "reports/session_reports.xml",
        "views/res_company_views.xml",
        "views/rehab_person_views.xml",
        "views/rehab_establishment_views.xml",
        "views/rehab_settings_views.xml",
        "views/res_config_settings_views.xml",
        "views/rehab_monthly_list_views.xml",
        "views/rehab_referral_slip_views.xml",
        "views/referral_slip_templates.xml",
        "wizards/rehab_person_import_views.xml",
        "wizards/rehab_monthly_list_wizard_views.xml",
        "wizards/rehab_loan_wizard_views.xml",
        "views/rehab_loan_views.xml",
        "views/rehab_loan_classification_views.xml",
        "views/rehab_plan_views.xml",
        "views/rehab_activity_views.xml",
        "views/auditlog_views.xml",
        "data/auditlog_data.xml",
        "views/post_rehab_credit_menus.xml",
        "wizards/rehab_transaction_session_wizard_views.xml",
        "views/rehab_transaction_session_views.xml",
        "views/rehab_session_sheet_views.xml",
        "views/rehab_transaction_session_menus.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/res_users_demo.xml",
        "demo/rehab_savings_group_demo.xml",
        "demo/rehab_plan_demo.xml",
        "demo/rehab_story_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "post_rehab_credit/static/tests/tours/*.js",
        ],
    },
}
