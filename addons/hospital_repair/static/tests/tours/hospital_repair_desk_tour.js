import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("hospital_repair_desk_tour", {
    steps: () => [
        {
            content: "The desk's board is loaded",
            trigger: ".o_kanban_group .o_kanban_record:contains('Already waiting')",
        },
        {
            content: "The desk takes a phone call: new report",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Caller",
            trigger: ".o_kanban_quick_create .o_field_widget[name='reporter_name'] input",
            run: "edit Ward 5 nurse",
        },
        {
            content: "Phone",
            trigger: ".o_kanban_quick_create .o_field_widget[name='contact_phone'] input",
            run: "edit 8123",
        },
        {
            content: "Zone",
            trigger: ".o_kanban_quick_create .o_field_widget[name='zone_id'] input",
            run: "edit 东院区 / 门诊楼 / 3F",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('东院区 / 门诊楼 / 3F'):not(:contains('采血区'))",
            run: "click",
        },
        {
            content: "Category",
            trigger: ".o_kanban_quick_create .o_field_widget[name='category_id'] input",
            run: "edit 给排水",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('给排水')",
            run: "click",
        },
        {
            content: "What is wrong",
            trigger: ".o_kanban_quick_create .o_field_widget[name='description'] textarea",
            run: "edit Toilet blocked",
        },
        {
            trigger: ".o_kanban_quick_create .o_kanban_add",
            run: "click",
        },
        {
            content: "The report waits in the column to accept",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Submitted')) .o_kanban_record:contains('Toilet blocked')",
        },
    ],
});
