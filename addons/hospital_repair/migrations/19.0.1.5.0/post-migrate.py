"""The reporter hears of their order's events through the order's tracked
messages, whose subtypes they follow (const.REPORTER_SUBTYPES), instead of a
second message of their own: the reporters of the orders already written
followed the discussion only, and would hear of nothing more."""

from odoo import SUPERUSER_ID, api

from odoo.addons.hospital_repair.const import REPORTER_SUBTYPES


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    subtype_ids = [env.ref(xmlid).id for xmlid in REPORTER_SUBTYPES]
    # one statement for every order: a hospital has hundreds of thousands
    cr.execute("""
        INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
             SELECT follower.id, subtype.id
               FROM hospital_repair_order o
               JOIN res_users reporter ON reporter.id = o.reporter_id
               JOIN mail_followers follower
                 ON follower.res_model = 'hospital.repair.order' AND follower.res_id = o.id
                AND follower.partner_id = reporter.partner_id
              CROSS JOIN unnest(%s) AS subtype(id)
        ON CONFLICT DO NOTHING
    """, [subtype_ids])
