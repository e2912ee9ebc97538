import { registry } from "@web/core/registry";

// The leader approves from "Awaiting My Approval" (待我审批).
registry.category("web_tour.tours").add("hospital_repair_approval_approve_tour", {
    steps: () => [
        {
            content: "Approve the pending step from the list",
            trigger: ".o_list_view .o_data_row button[name='action_approve']",
            run: "click",
        },
        {
            content: "Nothing is left to approve",
            trigger: ".o_view_nocontent",
        },
    ],
});

// The logistics leader refuses from the order form, with a reason.
registry.category("web_tour.tours").add("hospital_repair_approval_refuse_tour", {
    steps: () => [
        {
            content: "The order says it waits for me",
            trigger: ".o_form_view .alert-info:contains('waiting for your approval')",
        },
        {
            content: "Refuse the current step",
            trigger: ".o_field_one2many[name='approval_ids'] .o_data_row button[name='action_open_refuse_wizard']",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Budget exhausted",
        },
        {
            content: "Confirm the refusal",
            trigger: ".modal button[name='action_refuse']",
            run: "click",
        },
        {
            content: "The step shows the refusal",
            trigger: ".o_field_one2many[name='approval_ids'] .o_data_row:contains('Budget exhausted')",
        },
    ],
});
