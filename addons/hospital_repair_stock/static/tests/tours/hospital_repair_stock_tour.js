import { registry } from "@web/core/registry";

function addMaterial(name, quantity) {
    return [
        {
            content: `Add a material: ${name}`,
            trigger: ".o_field_widget[name='material_line_ids'] .o-kanban-button-new, .o_field_widget[name='material_line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Open the material picker (a full-screen search on a phone)",
            trigger: ".modal .o_field_widget[name='product_id'] input",
            run: "click",
        },
        {
            content: "Open the search of the picker",
            trigger: ".modal button:has(i.fa-search)",
            run: "click",
        },
        {
            content: "Search the store's materials",
            trigger: ".modal .o_searchview_input",
            run: `edit ${name}`,
        },
        {
            content: "... by the material's name",
            trigger: ".o_searchview_autocomplete .o-dropdown-item:first-child",
            run: "click",
        },
        {
            content: "Pick it",
            trigger: `.modal .o_kanban_record:contains('${name}')`,
            run: "click",
        },
        {
            trigger: `.modal .o_field_widget[name='product_id'] input:value('${name}'), .modal .o_field_widget[name='product_id']:contains('${name}')`,
        },
        {
            content: "How many",
            trigger: ".modal .o_field_widget[name='product_uom_qty'] input",
            run: `edit ${quantity}`,
        },
        {
            content: "Keep it",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: `body:not(:has(.modal)) .o_field_widget[name='material_line_ids']:contains('${name}')`,
        },
    ];
}

registry.category("web_tour.tours").add("hospital_repair_stock_worker_tour", {
    steps: () => [
        {
            content: "The worker opens the materials of the order",
            trigger: ".o_notebook_headers a:contains('Materials')",
            run: "click",
        },
        ...addMaterial("T8灯管", "2"),
        ...addMaterial("冷水龙头 DN15", "1"),
        {
            content: "Save the order",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Ask the store for them",
            trigger: "button[name='action_request_materials']",
            run: "click",
        },
        {
            content: "The store has them to issue",
            trigger: ".alert:contains('The store has materials of this order')",
        },
    ],
});

registry.category("web_tour.tours").add("hospital_repair_stock_storekeeper_tour", {
    steps: () => [
        {
            content: "The storekeeper opens the order's issue from the list of repair issues",
            trigger: ".o_data_row:contains('Tour materials') .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "Validate: the goods leave the store",
            trigger: "button[name='button_validate']",
            run: "click",
        },
        {
            content: "The issue is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
