import io
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

ADDONS = Path(__file__).resolve().parent.parent.parent
OURS = ("hospital_repair", "hospital_repair_oa", "hospital_repair_stock")


def _terms(pofile):
    return {(entry.msgctxt, entry.msgid) for entry in pofile if entry.msgid}


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """The committed templates are what the installed code says (regenerated
    here, as tools/i18n-update does), and zh_CN translates all of it."""

    def test_templates_are_current(self):
        for addon in OURS:
            pot_path = ADDONS / addon / "i18n" / f"{addon}.pot"
            if not pot_path.exists():
                continue
            with self.subTest(addon=addon):
                buffer = io.BytesIO()
                trans_export(False, [addon], buffer, "po", self.env)
                exported = _terms(polib.pofile(buffer.getvalue().decode()))
                committed = _terms(polib.pofile(str(pot_path)))
                self.assertFalse(
                    exported - committed,
                    f"{pot_path.name} lacks terms the code has: run tools/i18n-update")
                self.assertFalse(
                    committed - exported,
                    f"{pot_path.name} keeps terms the code dropped: run tools/i18n-update")

    def test_zh_cn_covers_the_template(self):
        for addon in OURS:
            i18n = ADDONS / addon / "i18n"
            if not (i18n / f"{addon}.pot").exists():
                continue
            with self.subTest(addon=addon):
                pot = polib.pofile(str(i18n / f"{addon}.pot"))
                po = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(i18n / "zh_CN.po"))}
                missing = [
                    entry.msgid for entry in pot
                    if entry.msgid and not (
                        (entry.msgctxt, entry.msgid) in po
                        and po[(entry.msgctxt, entry.msgid)].msgstr.strip()
                        and "fuzzy" not in po[(entry.msgctxt, entry.msgid)].flags
                    )
                ]
                self.assertFalse(missing, "zh_CN.po lacks translations of:\n" + "\n".join(missing))
