import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("hospital_repair_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard shows the unassigned orders",
            trigger: ".o_hospital_repair_dashboard .o_hr_card_unassigned .o_hr_value:not(:contains(/^0$/))",
        },
        {
            content: "Open them",
            trigger: ".o_hr_card_unassigned",
            run: "click",
        },
        {
            content: "The list of the unassigned orders opens",
            trigger: ".o_list_view .o_data_row td:contains(给排水)",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the weekly volume of this week",
            trigger: ".o_hospital_repair_dashboard .o_hr_week:last",
            run: "click",
        },
        {
            content: "The orders of the week are listed",
            trigger: ".o_list_view .o_data_row td:contains(给排水)",
        },
    ],
});
