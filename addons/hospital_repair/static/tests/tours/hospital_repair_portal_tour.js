import { registry } from "@web/core/registry";

// Reporting a fault on a phone, then following it in My repairs.
registry.category("web_tour.tours").add("hospital_repair_portal_report", {
    url: "/repair/new",
    steps: () => [
        {
            content: "Filter the places",
            trigger: ".o_repair_zone_filter",
            run: "edit 采血区",
        },
        {
            content: "Choose the place",
            trigger: "select[name=zone_id]",
            run: "selectByLabel 采血区",
        },
        {
            content: "Precise location",
            trigger: "input[name=location]",
            run: "edit Room 305",
        },
        {
            content: "Choose the category",
            trigger: "select[name=category_id]",
            run: "selectByLabel 给排水",
        },
        {
            content: "Describe the fault",
            trigger: "textarea[name=description]",
            run: "edit The ceiling lamp flickers",
        },
        {
            content: "Contact phone",
            trigger: "input[name=contact_phone]",
            run: "edit 13812345678",
        },
        {
            content: "Urgent",
            trigger: "label[for=repair_priority_urgent]",
            run: "click",
        },
        {
            content: "Send",
            trigger: ".o_repair_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order number is shown",
            trigger: ".o_repair_reported strong:contains(BX)",
        },
        {
            content: "Back to My repairs",
            trigger: ".breadcrumb-item a[href^='/my/repairs']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the new order from its card",
            trigger: ".o_repair_card:contains(The ceiling lamp flickers)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Urge it",
            trigger: ".o_repair_urge",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Urged",
            trigger: ".o_repair_message",
        },
    ],
});

// After the worker finished: confirm and evaluate.
registry.category("web_tour.tours").add("hospital_repair_portal_confirm", {
    url: "/my/repairs?filterby=to_confirm",
    steps: () => [
        {
            content: "The finished order waits for confirmation",
            trigger: ".o_repair_card:contains(The ceiling lamp flickers) [data-state=done]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The worker is shown",
            trigger: ".o_repair_worker:contains(王师傅)",
        },
        {
            content: "Confirm the repair",
            trigger: ".o_repair_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Quality: 5 stars",
            trigger: "label[for=score_quality_5]",
            run: "click",
        },
        {
            content: "Attitude: 4 stars",
            trigger: "label[for=score_attitude_4]",
            run: "click",
        },
        {
            content: "Timeliness: 5 stars",
            trigger: "label[for=score_timeliness_5]",
            run: "click",
        },
        {
            content: "Desk: 5 stars",
            trigger: "label[for=score_desk_5]",
            run: "click",
        },
        {
            content: "Comment",
            trigger: ".o_repair_evaluation textarea[name=comment]",
            run: "edit Quick and clean",
        },
        {
            content: "Send the evaluation",
            trigger: ".o_repair_evaluate",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked",
            trigger: ".o_repair_message",
        },
    ],
});

// Scanning the label of a zone: the place is already filled in.
registry.category("web_tour.tours").add("hospital_repair_qr_report", {
    steps: () => [
        {
            content: "The place comes from the QR code",
            trigger: ".o_repair_zone_fixed:contains('门诊楼 / 3F')",
        },
        {
            content: "Choose the category",
            trigger: "select[name=category_id]",
            run: "selectByLabel 给排水",
        },
        {
            content: "Describe the fault",
            trigger: "textarea[name=description]",
            run: "edit Socket sparks near bed 12",
        },
        {
            content: "Send",
            trigger: ".o_repair_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order number is shown",
            trigger: ".o_repair_reported strong:contains(BX)",
        },
    ],
});
