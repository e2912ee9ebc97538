"""Data the benchmarks generate with SQL (100,000s of orders: the ORM would
take hours), in one place."""

# What the order stores when its clock starts and when it is written (normal
# priority: factor 1; no approval): the readers benchmarked read these columns.
# Generated data only, for normal priority without approval; the rule
# itself lives in hospital.repair.order._start_sla_clock / _compute_overdue.
SLA_COLUMNS_SQL = """
    UPDATE hospital_repair_order o
       SET date_sla_start = o.date_reported,
           date_response_deadline = d.response, date_completion_deadline = d.completion,
           is_response_overdue = d.response_late, is_completion_overdue = d.completion_late,
           is_overdue = d.response_late OR d.completion_late
      FROM (SELECT x.id, x.response, x.completion,
                   x.live AND COALESCE(COALESCE(
                       x.date_accepted, CASE WHEN x.state = 'submitted' THEN x.now END
                   ) > x.response, FALSE) AS response_late,
                   x.live AND COALESCE(COALESCE(
                       x.date_done,
                       CASE WHEN x.state IN ('submitted', 'assigned', 'in_progress') THEN x.now END
                   ) > x.completion, FALSE) AS completion_late
              FROM (SELECT o.id, o.state, o.date_accepted, o.date_done,
                           o.state NOT IN ('rejected', 'cancelled') AS live,
                           o.date_reported + NULLIF(c.response_hours, 0) * INTERVAL '1 hour'
                               AS response,
                           o.date_reported + NULLIF(c.completion_hours, 0) * INTERVAL '1 hour'
                               AS completion,
                           NOW() AT TIME ZONE 'UTC' AS now
                      FROM hospital_repair_order o
                      JOIN hospital_repair_category c ON c.id = o.category_id
                     WHERE o.name LIKE %(prefix)s AND o.date_reported IS NOT NULL) x) d
     WHERE d.id = o.id
"""
