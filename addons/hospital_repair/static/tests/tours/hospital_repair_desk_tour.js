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
            run: "edit A1",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Building A / A1')",
            run: "click",
        },
        {
            content: "Category",
            trigger: ".o_kanban_quick_create .o_field_widget[name='category_id'] input",
            run: "edit Water (test)",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Water (test)')",
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
