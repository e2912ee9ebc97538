import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { _t } from "@web/core/l10n/translation";

const MAX_PHOTOS = 6;

/**
 * The report form on a phone: filter the long list of places while typing,
 * warn early about too many photos, and block a second tap on "send" (the
 * server also refuses a double submit through the form's submit token).
 */
export class RepairForm extends Interaction {
    static selector = ".o_repair_form";
    dynamicContent = {
        ".o_repair_zone_filter": { "t-on-input": this.onFilterInput },
        "input[name=photos]": { "t-on-change": this.onPhotosChange },
        _root: { "t-on-submit": this.onSubmit },
    };

    onFilterInput(ev) {
        const needle = ev.currentTarget.value.trim().toLowerCase();
        const select = this.el.querySelector(".o_repair_zone_select");
        const matches = [];
        for (const option of select.options) {
            if (!option.value) {
                continue;
            }
            const match = !needle || option.textContent.toLowerCase().includes(needle);
            option.hidden = !match;
            if (match) {
                matches.push(option);
            }
        }
        // the place is chosen as soon as the typing names it: the only match,
        // or the first one when what was chosen no longer matches
        const current = select.selectedOptions[0];
        if (needle && matches.length && (matches.length === 1 || !current?.value || current.hidden)) {
            select.value = matches[0].value;
        }
    }

    onPhotosChange(ev) {
        const input = ev.currentTarget;
        input.setCustomValidity(
            input.files.length > MAX_PHOTOS ? _t("At most %s photos.", MAX_PHOTOS) : ""
        );
        input.reportValidity();
    }

    onSubmit(ev) {
        const button = this.el.querySelector(".o_repair_submit");
        if (button.disabled) {
            ev.preventDefault();
            return;
        }
        button.disabled = true;
        button.classList.add("disabled");
    }
}

registry.category("public.interactions").add("hospital_repair.repair_form", RepairForm);

/** The share link of an order: one tap copies it. */
export class RepairShare extends Interaction {
    static selector = ".o_repair_share";
    dynamicContent = {
        ".o_repair_share_url": { "t-on-focus": (ev) => ev.currentTarget.select() },
        ".o_repair_share_copy": { "t-on-click": this.onCopy },
    };

    async onCopy(ev) {
        const button = ev.currentTarget;
        const input = this.el.querySelector(".o_repair_share_url");
        input.select();
        // The clipboard API needs HTTPS; the selected text is the fallback.
        await this.waitFor(navigator.clipboard?.writeText(input.value));
        button.textContent = _t("Copied");
    }
}

registry.category("public.interactions").add("hospital_repair.repair_share", RepairShare);
