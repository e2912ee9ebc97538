import { registry } from "@web/core/registry";

// A worker's patrol round on the phone: open today's round, scan two
// checkpoints (their QR codes lead to /repair/qr/<token>), record the
// checks, fail one and report it, then open the order it created.
const visit = (name) => `.o_round_visit[data-scanned='1']:contains(${name})`;

registry.category("web_tour.tours").add("hospital_repair_patrol_round", {
    url: "/my/rounds",
    steps: () => [
        {
            content: "Open today's round",
            trigger: ".o_round_card:contains(动力巡检)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Nothing is scanned yet",
            trigger: ".o_round_progress:contains(0/2)",
        },
        {
            content: "Scan the QR code of the first checkpoint (the place)",
            trigger: "body",
            run: "goToUrl /repair/qr/tour-zone-token",
            expectUnloadPage: true,
        },
        {
            content: "The checkpoint is stamped",
            trigger: `${visit("采血区")} .o_visit_scanned`,
        },
        {
            content: "It passes",
            trigger: `${visit("采血区")} .o_check_line:contains(冷凝器清洗) label.btn-outline-success`,
            run: "click",
        },
        {
            content: "Read the temperature",
            trigger: `${visit("采血区")} .o_check_line:contains(冷冻水出水温度) input`,
            run: "edit 7",
        },
        {
            content: "Save the checks",
            trigger: `${visit("采血区")} .o_visit_save`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Scan the QR code of the second checkpoint (the chiller)",
            trigger: ".o_round_progress:contains(1/2)",
            run: "goToUrl /repair/qr/tour-chiller-token",
            expectUnloadPage: true,
        },
        {
            content: "The chiller fails its check",
            trigger: `${visit("1号冷水机组")} .o_check_line:contains(冷凝器清洗) label.btn-outline-danger`,
            run: "click",
        },
        {
            content: "Read the temperature",
            trigger: `${visit("1号冷水机组")} .o_check_line:contains(冷冻水出水温度) input`,
            run: "edit 6.5",
        },
        {
            content: "Save the checks",
            trigger: `${visit("1号冷水机组")} .o_visit_save`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Say what is wrong",
            trigger: `${visit("1号冷水机组")} .o_check_fault input[name=note]`,
            run: "edit 冷凝器结垢",
        },
        {
            content: "Report the fault in one tap",
            trigger: `${visit("1号冷水机组")} .o_fault_report`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the order it created",
            trigger: `${visit("1号冷水机组")} .o_fault_order:contains(BX)`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order, dispatched",
            trigger: ".o_repair_state[data-state=assigned]",
        },
    ],
});
