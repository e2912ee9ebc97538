/**
 * Words of Odoo's own screens that ours show and that Odoo's zh_CN leaves
 * untranslated. This file is in no bundle: it is here so that the export puts
 * these terms in our .pot and zh_CN.po translates them; the web client falls
 * back on any module's translation of a term its own module leaves empty.
 */
import { _t } from "@web/core/l10n/translation";

export const coreTerms = () => [
    _t("Missing required fields"),
];
