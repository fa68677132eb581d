import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("post_rehab_credit_menu_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the programme's app",
            trigger: '.o_app[data-menu-xmlid="post_rehab_credit.menu_root"]',
            run: "click",
        },
        {
            content: "The commune of the officer is listed, in Vietnamese",
            trigger: '.o_list_view .o_data_row td:contains("Châu Sơn")',
        },
        {
            content: "The menu speaks Vietnamese",
            trigger: '.o_menu_brand:contains("Tín dụng sau cai nghiện")',
        },
    ],
});
