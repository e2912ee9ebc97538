from pathlib import Path

import polib

from odoo.tests import BaseCase, tagged

I18N = Path(__file__).resolve().parent.parent / "i18n"


@tagged("post_install", "-at_install")
class TestTranslations(BaseCase):
    def test_zh_cn_covers_the_template(self):
        pot = polib.pofile(str(I18N / "hospital_repair.pot"))
        po = {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(I18N / "zh_CN.po"))}
        missing = [
            entry.msgid for entry in pot
            if entry.msgid and not (
                (entry.msgctxt, entry.msgid) in po
                and po[(entry.msgctxt, entry.msgid)].msgstr.strip()
                and "fuzzy" not in po[(entry.msgctxt, entry.msgid)].flags
            )
        ]
        self.assertFalse(missing, "zh_CN.po lacks translations of:\n" + "\n".join(missing))
