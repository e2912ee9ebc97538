import { registry } from "@web/core/registry";

// The dashboard's maintenance figures open the lists behind them.
registry.category("web_tour.tours").add("hospital_repair_maintenance_dashboard_tour", {
    steps: () => [
        {
            content: "The most failing equipment is listed",
            trigger: ".o_hospital_repair_dashboard .o_hr_equipment_line:contains(2号冷冻水泵)",
            run: "click",
        },
        {
            content: "Its repairs are listed",
            trigger: ".o_list_view .o_data_row td:contains(冷冻泵房)",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the preventive orders due this month",
            trigger: ".o_hospital_repair_dashboard [data-figure=pm_compliance]",
            run: "click",
        },
        {
            content: "The plan's order is listed",
            trigger: ".o_list_view .o_data_row td:contains(冷水机组月度保养)",
        },
    ],
});
