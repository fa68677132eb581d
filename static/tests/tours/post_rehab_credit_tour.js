import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * A commune police officer opens the programme, registers a person after
 * rehab and reads, in Vietnamese, why the person may not borrow yet.
 */
registry.category("web_tour.tours").add("post_rehab_credit_register_person_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the programme's app",
            trigger: '.o_app[data-menu-xmlid="post_rehab_credit.menu_root"]',
            run: "click",
        },
        {
            content: "The menu speaks Vietnamese",
            trigger: '.o_menu_brand:contains("Tín dụng sau cai nghiện")',
        },
        {
            content: "The registry opens on the people of the commune",
            trigger: '.o_breadcrumb:contains("Người sau cai nghiện")',
        },
        {
            content: "Register a person",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Đinh Văn Tour",
        },
        {
            trigger: ".o_field_widget[name=citizen_id] input",
            run: "edit 020090001234",
        },
        {
            trigger: ".o_field_widget[name=birth_date] input",
            run: "edit 15/03/1990",
        },
        {
            trigger: ".o_field_widget[name=gender] select",
            run: 'select "male"',
        },
        {
            trigger: ".o_field_widget[name=village] input",
            run: "edit Bản Tour",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, and the reasons are shown in Vietnamese",
            trigger: '.o_form_saved .alert-warning:contains("Chưa ghi nhận hình thức cai nghiện")',
        },
    ],
});
