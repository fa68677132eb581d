import { registry } from "@web/core/registry";

/**
 * The commune chairman confirms the month's list on a phone (run by
 * tests/test_tour_phone.py in a 375×667 touch viewport): he lands on what
 * waits for him, opens the list, finds its main step in view (Odoo puts the
 * header's buttons in the gear menu on a small screen), sees the people's
 * names first in the confirmation wizard and confirms.
 */

const PERSON = "Lù Văn Điện";

function inView(selector) {
    const element = document.querySelector(selector);
    if (!element) {
        throw new Error(`${selector} is not on the screen`);
    }
    const box = element.getBoundingClientRect();
    if (box.width <= 0 || box.left < 0 || box.right > window.innerWidth + 1) {
        throw new Error(
            `${selector} is out of view: ${box.left}–${box.right} of ${window.innerWidth}px`
        );
    }
    if (element.scrollWidth > element.clientWidth + 1) {
        throw new Error(`${selector} is cut: ${element.innerText}`);
    }
}

registry.category("web_tour.tours").add("post_rehab_credit_phone_chairman_confirm", {
    url: "/odoo",
    steps: () => [
        {
            content: "A phone: the small screen's layout",
            trigger: "body:has(.o_action_manager .o_view_controller)",
            run() {
                if (window.innerWidth > 576) {
                    throw new Error(`not a phone: ${window.innerWidth}px wide`);
                }
            },
        },
        {
            content: "The chairman lands on what waits for him: the list to confirm",
            trigger: '.o_list_view .o_data_row:contains("Xác nhận danh sách hằng tháng") td.o_data_cell[name=summary]',
            run: "click",
        },
        {
            content: "The list opens",
            trigger: '.o_form_view .o_field_widget[name=name]:contains("Xã Nà Phát")',
        },
        {
            content: "The header's buttons are not shown on a phone",
            trigger: ".o_form_view:not(:has(.o_statusbar_buttons button[name=action_open_confirm_wizard]))",
        },
        {
            content: "The chairman's step is in view, first",
            trigger: ".o_form_view .o_rehab_phone_actions button[name=action_open_confirm_wizard]:first-child",
            run() {
                inView(".o_form_view .o_rehab_phone_actions button[name=action_open_confirm_wizard]");
                this.anchor.click();
            },
        },
        {
            content: "The wizard shows the person's name first, in view",
            trigger: `.modal .o_field_widget[name=line_ids] .o_kanban_record:contains("${PERSON}") .o_rehab_person_name`,
            run() {
                inView(".modal .o_field_widget[name=line_ids] .o_kanban_record .o_rehab_person_name");
                inView(".modal button[name=action_confirm]");
            },
        },
        {
            content: "Confirm the list",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Confirmed: the next step, sending it to the bank, is in view",
            trigger: ".o_form_view .o_rehab_phone_actions button[name=action_send]",
            run() {
                inView(".o_form_view .o_rehab_phone_actions button[name=action_send]");
            },
        },
    ],
});
