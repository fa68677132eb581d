import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * The programme administrator opens Configuration › Settings, is refused a
 * deadline on the 29th (in Vietnamese), then saves the 7th with its legal
 * text (see
 * tests/test_settings.py, which checks the parameter).
 */
registry.category("web_tour.tours").add("post_rehab_credit_settings_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the programme's app",
            trigger: '.o_app[data-menu-xmlid="post_rehab_credit.menu_root"]',
            run: "click",
        },
        {
            content: "Open the menu Configuration",
            trigger:
                '.o_menu_sections button[data-menu-xmlid="post_rehab_credit.menu_configuration"]',
            run: "click",
        },
        {
            content: "Open Settings",
            trigger: '.dropdown-item[data-menu-xmlid="post_rehab_credit.rehab_settings_menu"]',
            run: "click",
        },
        {
            content: "The settings speak Vietnamese",
            trigger: '.o-settings-form-view:contains("Hạn lập danh sách hằng tháng")',
        },
        {
            content: "A deadline on the 29th",
            trigger: ".o_field_widget[name=rehab_list_deadline_day] input",
            run: "edit 29",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Refused, in Vietnamese",
            trigger: '.modal:contains("từ 1 đến 28")',
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The 7th",
            trigger: ".o_field_widget[name=rehab_list_deadline_day] input",
            run: "edit 7",
        },
        {
            content: "The legal text of the change",
            trigger: ".o_field_widget[name=rule_legal_number] input",
            run: "edit 15/QĐ-UBND",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_notification:has(.o_notification_bar.bg-success)",
        },
        {
            content: "The screen shows the saved value",
            trigger:
                ".o-settings-form-view:not(:has(.o_dirty_warning)) .o_field_widget[name=rehab_list_deadline_day] input:value(7)",
        },
    ],
});
