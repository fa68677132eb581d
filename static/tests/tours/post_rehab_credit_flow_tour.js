import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * The programme's main flow, one tour per turn of a role (see
 * tests/test_tour_flow.py, which runs them in order and checks the database):
 *
 * 1. the commune police register an eligible person, fill the month's list
 *    and submit it to the chairman;
 * 2. the commune chairman confirms the list through the wizard, issues and
 *    prints the person's referral slip (signed for the commune People's
 *    Committee) and sends the list to the bank;
 * 3. the VBSP officer scans the slip (its public page), opens it, receives
 *    the list and makes the loan application from the slip (its button fills
 *    in the borrower, the purpose and the amount).
 *
 * Then the commune's transaction day, the transaction team in turn (the
 * session of today planned by the transaction point, a savings group of two
 * borrowers whose first instalments fall due today):
 *
 * 4. the team leader opens the session (the group's collection sheet is
 *    made, prefilled with what is due);
 * 5. the teller types on the sheet what one borrower paid, less than due;
 * 6. the controller enters the cash counted;
 * 7. the teller posts the whole group at once;
 * 8. the team leader closes the session, which prints its report, and the
 *    report stays in the session's print menu.
 *
 * The users work in Vietnamese; steps find elements by field and button
 * names, and read a few labels in Vietnamese.
 */
const PERSON = "Lộc Văn Thành";
const CITIZEN_ID = "020092005678";
const AMOUNT = "50000000";

function ago(months) {
    return luxon.DateTime.now().minus({ months }).toFormat("dd/MM/yyyy");
}

function openApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the programme's app",
            trigger: '.o_app[data-menu-xmlid="post_rehab_credit.menu_root"]',
            run: "click",
        },
        {
            trigger: '.o_menu_brand:contains("Tín dụng sau cai nghiện")',
        },
    ];
}

function openMenu(section, item) {
    return [
        {
            content: `Open the menu ${section}`,
            trigger: `.o_menu_sections button[data-menu-xmlid="post_rehab_credit.${section}"]`,
            run: "click",
        },
        {
            content: `Open ${item}`,
            trigger: `.dropdown-item[data-menu-xmlid="post_rehab_credit.${item}"]`,
            run: "click",
        },
    ];
}

function openMonthlyList(commune) {
    return [
        ...openMenu("menu_monthly_list", "rehab_monthly_list_menu"),
        {
            trigger: '.o_breadcrumb .active:contains("Danh sách hằng tháng")',
        },
        {
            content: "Open the month's list of the commune",
            trigger: `.o_list_view .o_data_row td.o_data_cell:contains("${commune}")`,
            run: "click",
        },
        {
            trigger: `.o_form_view .o_field_widget[name=name]:contains("${commune}")`,
        },
    ];
}

function statusIs(state) {
    return {
        content: `The status is ${state}`,
        trigger: `.o_form_view .o_statusbar_status button[data-value="${state}"][aria-checked="true"]`,
    };
}

const LINE = `.o_field_widget[name=line_ids] .o_data_row:contains("${PERSON}")`;

registry.category("web_tour.tours").add("post_rehab_credit_flow_police_register", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        {
            content: "Register a person",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: `edit ${PERSON}`,
        },
        {
            trigger: ".o_field_widget[name=citizen_id] input",
            run: `edit ${CITIZEN_ID}`,
        },
        {
            trigger: ".o_field_widget[name=birth_date] input",
            run: "edit 08/07/1992",
        },
        {
            trigger: ".o_field_widget[name=gender] select",
            run: 'select "male"',
        },
        {
            trigger: ".o_field_widget[name=village] input",
            run: "edit Bản Nà Thác",
        },
        {
            content: "Voluntary rehab, completed eight months ago",
            trigger: ".o_field_widget[name=rehab_route] select",
            run: 'select "voluntary"',
        },
        {
            trigger: ".o_field_widget[name=rehab_facility] input",
            run: "edit Cơ sở cai nghiện ma túy tỉnh",
        },
        {
            trigger: ".o_field_widget[name=completion_date] input",
            run: `edit ${ago(8)}`,
        },
        {
            content: "Post-rehab management decision six months ago",
            trigger: ".o_field_widget[name=decision_number] input",
            run: "edit 12/QĐ-UBND",
        },
        {
            trigger: ".o_field_widget[name=decision_date] input",
            run: `edit ${ago(6)}`,
        },
        {
            content: "The loan need",
            trigger: '.o_notebook .nav-link[name="need"]',
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=purpose] select",
            run: 'select "production"',
        },
        {
            trigger: ".o_field_widget[name=amount_needed] input",
            run: `edit ${AMOUNT}`,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, and eligible",
            trigger: '.o_form_saved .ribbon:contains("Đủ điều kiện")',
        },
        ...openMonthlyList("Xã Nà Thác"),
        statusIs("draft"),
        {
            content: "Add the people eligible today",
            trigger: ".o_form_view button[name=action_fill]",
            run: "click",
        },
        {
            content: "The person is on the list",
            trigger: LINE,
        },
        {
            content: "Submit the list to the chairman",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        statusIs("submitted"),
    ],
});

registry.category("web_tour.tours").add("post_rehab_credit_flow_chairman_confirm", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMonthlyList("Xã Nà Thác"),
        statusIs("submitted"),
        {
            trigger: LINE,
        },
        {
            content: "Open the confirmation wizard",
            trigger: ".o_form_view button[name=action_open_confirm_wizard]",
            run: "click",
        },
        {
            content: "The person is ticked in the wizard",
            trigger: `.modal .o_field_widget[name=line_ids] .o_data_row:contains("${PERSON}") .o_field_widget[name=include] input:checked`,
        },
        {
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Đã đối chiếu với hồ sơ quản lý.",
        },
        {
            content: "Confirm the list",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        statusIs("confirmed"),
        {
            content: "Issue the person's referral slip",
            trigger: `${LINE} button[name=action_issue_slip]`,
            run: "click",
        },
        {
            content: "The slip is numbered and valid",
            trigger: '.o_form_view .o_field_widget[name=name]:contains("PGT-")',
        },
        statusIs("valid"),
        {
            trigger: `.o_form_view .o_field_widget[name=person_id]:contains("${PERSON}")`,
        },
        {
            content: "Print the slip",
            trigger: ".o_form_view .o_statusbar_buttons button[type=action]",
            run: "click",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active):last a",
            run: "click",
        },
        {
            content: "The line shows its slip",
            trigger: `${LINE} td[name=slip_id]:contains("PGT-")`,
        },
        {
            content: "Send the list to the transaction office",
            trigger: ".o_form_view button[name=action_send]",
            run: "click",
        },
        statusIs("sent"),
    ],
});

registry.category("web_tour.tours").add("post_rehab_credit_flow_bank_loan", {
    // No url: the test starts the tour at the slip's public page (its QR
    // code), whose address holds the slip's signed token.
    steps: () => [
        {
            content: "The slip checks valid",
            trigger: '.o_rehab_slip_check .o_rehab_slip_state[data-state="valid"]:contains("Hợp lệ")',
        },
        {
            content: "Open the slip in the programme",
            trigger: ".o_rehab_slip_check a.o_rehab_slip_open",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: `.o_form_view .o_field_widget[name=person_id]:contains("${PERSON}")`,
        },
        statusIs("valid"),
        {
            content: "Open the monthly list the slip comes from",
            trigger: ".o_form_view .o_field_widget[name=list_id] a",
            run: "click",
        },
        statusIs("sent"),
        {
            content: "Receive the list",
            trigger: ".o_form_view button[name=action_receive]",
            run: "click",
        },
        statusIs("received"),
        {
            content: "Back to the slip",
            trigger: '.o_breadcrumb .breadcrumb-item a:contains("PGT-")',
            run: "click",
        },
        statusIs("valid"),
        {
            content: "Make the loan application from the slip",
            trigger: ".o_form_view button[name=action_new_loan]",
            run: "click",
        },
        {
            content: "The application holds the slip",
            trigger: ".o_form_view .o_field_widget[name=slip_id] input:value(PGT-)",
        },
        {
            content: "The purpose comes from the slip",
            trigger: ".o_form_view .o_field_widget[name=purpose] select:value(production)",
        },
        {
            content: "The borrower comes from the slip",
            trigger: `.o_form_view .o_field_widget[name=person_id]:contains("${PERSON}")`,
        },
        {
            trigger: ".o_field_widget[name=term_months] input",
            run: "edit 36",
        },
        {
            content: "Save the application",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        statusIs("draft"),
        {
            content: "The application is numbered",
            trigger: '.o_form_view .o_field_widget[name=name]:contains("KU/")',
        },
    ],
});

/* The commune's transaction day */

const GROUP = "Tổ TK&VV bản Nà Thác";
const PARTIAL = "Vi Thị Mai";
const IN_FULL = "Lò Văn Pấng";

/** Today where the team works (the session's day: the users' time zone). */
function sessionDay() {
    return luxon.DateTime.now().setZone("Asia/Ho_Chi_Minh").toFormat("dd/MM/yyyy");
}

function openTodaysSession(state) {
    return [
        ...openApp(),
        ...openMenu("menu_loan", "rehab_transaction_session_menu"),
        {
            trigger: '.o_breadcrumb .active:contains("Phiên giao dịch")',
        },
        {
            content: "Open today's session",
            trigger: `.o_list_view .o_data_row:has(td[name=date]:contains("${sessionDay()}")) td[name=place]`,
            run: "click",
        },
        {
            trigger: `.o_form_view .o_field_widget[name=date]:contains("${sessionDay()}")`,
        },
        statusIs(state),
    ];
}

function openGroupSheet() {
    return [
        ...openTodaysSession("open"),
        {
            content: "The session's collection sheets",
            trigger: ".o_form_view button[name=action_view_sheets]",
            run: "click",
        },
        {
            trigger: '.o_breadcrumb .active:contains("Bảng kê thu")',
        },
        {
            content: "Open the group's sheet",
            trigger: `.o_list_view .o_data_row td[name=savings_group_id]:contains("${GROUP}")`,
            run: "click",
        },
        {
            trigger: `.o_breadcrumb .active:contains("${GROUP}")`,
        },
    ];
}

const SHEET_LINE = (name) => `.o_field_widget[name=line_ids] .o_data_row:contains("${name}")`;

registry.category("web_tour.tours").add("post_rehab_credit_flow_session_open", {
    url: "/odoo",
    steps: () => [
        ...openTodaysSession("planned"),
        {
            content: "Open the session",
            trigger: ".o_form_view button[name=action_open]",
            run: "click",
        },
        statusIs("open"),
        {
            content: "The group's collection sheet is made",
            trigger: `.o_form_view .o_field_widget[name=sheet_ids] .o_data_row:contains("${GROUP}")`,
        },
    ],
});

registry.category("web_tour.tours").add("post_rehab_credit_flow_session_type", {
    url: "/odoo",
    steps: () => [
        ...openGroupSheet(),
        statusIs("draft"),
        {
            content: "Both borrowers owe their instalment",
            trigger: `${SHEET_LINE(IN_FULL)}:not(.text-warning)`,
        },
        {
            content: `${PARTIAL} paid less than due: type what she paid`,
            trigger: `${SHEET_LINE(PARTIAL)} td[name=amount_paid]`,
            run: "click",
        },
        {
            trigger: `${SHEET_LINE(PARTIAL)}.o_selected_row td[name=amount_paid] input`,
            run: "edit 500000",
        },
        {
            content: "Save the sheet",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            // Saved with her line: the form clean once the line is written.
            content: "Her line differs from what is due",
            trigger: `.o_form_saved ${SHEET_LINE(PARTIAL)}.text-warning td[name=amount_paid]:contains("500.000")`,
        },
    ],
});

registry.category("web_tour.tours").add("post_rehab_credit_flow_session_count", {
    url: "/odoo",
    steps: () => [
        ...openGroupSheet(),
        statusIs("draft"),
        {
            trigger: `${SHEET_LINE(PARTIAL)} td[name=amount_paid]:contains("500.000")`,
        },
        {
            content: "Enter the cash counted: what the sheet posts",
            trigger: ".o_form_view .o_field_widget[name=amount_total]",
            run(helpers) {
                const cash = this.anchor.textContent.replace(/\D/g, "");
                return helpers.edit(cash, ".o_field_widget[name=cash_counted] input");
            },
        },
        {
            content: "Save the sheet",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Counted by the controller, no difference",
            trigger: '.o_form_view .o_form_saved .o_field_widget[name=counted_by_id]:contains("Lương Thị Soát")',
        },
        {
            trigger: ".o_form_view .o_field_widget[name=difference]:not(.text-danger)",
        },
    ],
});

registry.category("web_tour.tours").add("post_rehab_credit_flow_session_post", {
    url: "/odoo",
    steps: () => [
        ...openGroupSheet(),
        statusIs("draft"),
        {
            trigger: '.o_form_view .o_field_widget[name=counted_by_id]:contains("Lương Thị Soát")',
        },
        {
            content: "Post the whole group at once",
            trigger: ".o_form_view button[name=action_post]",
            run: "click",
        },
        statusIs("posted"),
        {
            content: "Each borrower's payment is posted to the loan",
            trigger: `${SHEET_LINE(PARTIAL)}:not(.text-warning) td[name=repayment_id]:contains("500.000 đồng")`,
        },
        {
            trigger: `${SHEET_LINE(IN_FULL)} td[name=repayment_id]:contains("đồng")`,
        },
        {
            content: "Nothing is typed on a posted sheet",
            trigger: ".o_form_view:not(:has(button[name=action_post]))",
        },
    ],
});

registry.category("web_tour.tours").add("post_rehab_credit_flow_session_close", {
    url: "/odoo",
    steps: () => [
        ...openTodaysSession("open"),
        {
            trigger: `.o_form_view .o_field_widget[name=sheet_ids] .o_data_row:contains("${GROUP}")`,
        },
        {
            content: "Close the session",
            trigger: ".o_form_view button[name=action_close]",
            run: "click",
        },
        {
            content: "Closing locks the session: confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        statusIs("closed"),
        {
            content: "Closed and locked: no step is left",
            trigger: ".o_form_view:not(:has(button[name=action_close])):not(:has(button[name=action_open]))",
        },
        {
            content: "The session's report is in its print menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Print the session's report",
            trigger: '.o-dropdown--menu .o_menu_item:contains("Báo cáo phiên giao dịch")',
            run: "click",
        },
        {
            trigger: "body:not(:has(.o-dropdown--menu))",
        },
        statusIs("closed"),
    ],
});
