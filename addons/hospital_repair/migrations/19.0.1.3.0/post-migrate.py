"""Issue 25: the report date is indexed by the order's _reported_index, which
also holds the columns the report view reads. Odoo keeps a field's index it no
longer declares: the old one goes here, so that a write updates one index."""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS hospital_repair_order__date_reported_index")
