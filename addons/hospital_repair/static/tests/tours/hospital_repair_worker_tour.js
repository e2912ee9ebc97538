import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("hospital_repair_worker_tour", {
    steps: () => [
        {
            content: "The worker starts the repair from the task card",
            trigger: ".o_kanban_record:contains('Tour tap leaks') button[name='action_start']",
            run: "click",
        },
        {
            content: "Then finishes it",
            trigger: ".o_kanban_record:contains('Tour tap leaks') button[name='action_open_dialog']",
            run: "click",
        },
        {
            content: "The finish dialog proposes success",
            trigger: ".modal .o_field_widget[name='result'] input[data-value='success']:checked",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The card leaves the list of tasks",
            trigger: ".o_view_nocontent, .o_kanban_renderer:not(:has(.o_kanban_record:contains('Tour tap leaks')))",
        },
    ],
});
