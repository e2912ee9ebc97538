import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The logistics leader's dashboard: today's workload, this month against
 * last month, the oldest overdue orders, satisfaction and the 12-week
 * volume; every figure opens the orders behind it.
 */
export class RepairDashboard extends Component {
    static template = "hospital_repair.RepairDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("hospital.repair.report", "get_dashboard_data", []);
    }

    open(figure) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: figure.name,
            res_model: figure.model,
            domain: figure.domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            target: "current",
        });
    }

    /** The repairs of one of the most failing equipments. */
    openEquipment(equipment) {
        this.open({ ...equipment, name: equipment.title });
    }

    openOrder(orderId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "hospital.repair.order",
            res_id: orderId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    get monthChangeLabel() {
        const change = this.state.data.month_change;
        if (change === null || change === undefined) {
            return "";
        }
        return `${change > 0 ? "+" : ""}${change}%`;
    }

    /** Points of the 12-week line in a 600x160 box. */
    get chart() {
        const weeks = this.state.data.weeks;
        const max = Math.max(1, ...weeks.map((w) => w.value));
        const step = 600 / Math.max(1, weeks.length - 1);
        const points = weeks.map((week, i) => ({
            week,
            x: Math.round(i * step),
            y: Math.round(150 - (week.value / max) * 130),
        }));
        return {
            points,
            line: points.map((p) => `${p.x},${p.y}`).join(" "),
            max,
        };
    }

    get noOverdueLabel() {
        return _t("No overdue order.");
    }
}

registry.category("actions").add("hospital_repair.dashboard", RepairDashboard);
