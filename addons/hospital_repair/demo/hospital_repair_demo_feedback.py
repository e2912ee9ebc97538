"""What the demo hospital's people said about its orders: the approval steps
of the orders that needed them, six months of evaluations and complaints, and
the reopenings' words in the chatter. Each through the models' own methods,
as the person who would have done it, so that rules, activities and figures
stay those of real use; only the dates are those of the past."""

import random
from datetime import timedelta

from odoo.tools.sql import SQL

COMMENTS_GOOD = ["师傅很专业，修得很快", "态度好，处理及时", "非常满意", "响应迅速，点赞"]
COMMENTS_BAD = ["等了很久才来", "修完没多久又坏了", "师傅态度一般", "没有提前电话联系"]
COMPLAINTS = [
    "报修后半天没人来，病房一直漏水影响病人休息",
    "维修后问题没有解决，还要反复报修",
    "维修师傅没有清理现场，地上都是灰",
]
RESOLUTIONS = ["已约谈维修工并重新上门处理，科室表示认可", "已安排复查并更换配件，问题解决"]


def generate(env, orders, workers, profiles, now):
    _approvals(env, orders)
    _evaluations(env, orders, profiles, now)
    _complaints(env, orders, now)
    _reopen_messages(orders)


def _approvals(env, orders):
    """Every order of a category that needs approval has its steps: decided
    for those past approval (refused for the rejected ones), waiting for the
    leader's decision for those still to approve."""
    Approval = env["hospital.repair.approval"].sudo()
    needing = orders.filtered("category_id.approval_required")
    Approval._create_steps(needing.filtered(lambda o: o.state == "to_approve"))
    vals_list = []
    for order in needing.filtered(lambda o: o.state not in ("draft", "to_approve")):
        refused = order.state == "rejected"
        end = order.date_approved or order.date_reported + timedelta(hours=6)
        roles = order.category_id._get_approval_roles()
        for index, role in enumerate(roles):
            approver, delegator, note = Approval._resolve_approver(order, role)
            decided = order.date_reported + (end - order.date_reported) * (index + 1) / len(roles)
            state = "approved"
            if refused:
                state = "refused" if index == 0 else "cancelled"
            vals_list.append({
                "order_id": order.id, "sequence": (index + 1) * 10, "role": role,
                "approver_id": approver.id, "delegator_id": delegator.id,
                "resolution_note": note, "state": state,
                "decided_by_id": approver.id if state != "cancelled" else False,
                "date": decided if state != "cancelled" else False,
                "comment": order.reject_reason if state == "refused" else "同意",
            })
    Approval.create(vals_list)


def _evaluations(env, orders, profiles, now):
    """Two thirds of the confirmed orders are rated by their reporter; a
    worker's scores follow their quality, the timeliness their speed."""
    Evaluation = env["hospital.repair.evaluation"]
    rated = orders.filtered(
        lambda o: o.state in ("verified", "closed") and o.user_id and o.reporter_id)
    for order in rated:
        if random.random() > 0.67:
            continue
        quality, speed = profiles.get(order.user_id.login, (0.8, 1.0))
        base = 1.5 + 3.5 * quality - (0.8 if order.reopen_count else 0)

        def score(shift=0.0, base=base):
            return max(1, min(5, round(random.gauss(base + shift, 0.6))))

        scores = {
            "score_quality": score(),
            "score_attitude": score(0.3),
            "score_timeliness": score(1.0 - speed + (-0.7 if order.is_overdue else 0)),
            "score_desk": max(1, min(5, round(random.gauss(4.4, 0.6)))),
        }
        low = min(scores.values()) <= 2
        comment = random.choice(COMMENTS_BAD if low else COMMENTS_GOOD) if random.random() < 0.6 else ""
        evaluation = Evaluation.with_user(order.reporter_id)._submit(order, scores, comment)
        # rated within days of the confirmation, not all at install time
        _backdate(evaluation, order.date_verified + timedelta(hours=random.uniform(1, 72)), now)
    _close_old_todos(env, rated, now)


def _complaints(env, orders, now):
    """Complaints of unhappy reporters: about orders rated low, reopened or
    late; the old ones handled and resolved by the desk."""
    Complaint = env["hospital.repair.complaint"]
    candidates = orders.filtered(lambda o: o.reporter_id and o.state != "draft" and (
        (o.evaluation_ids and o.evaluation_ids[0].score_average < 3)
        or o.reopen_count or (o.is_overdue and o.urge_count)))
    complaints = Complaint
    for order in candidates:
        if random.random() < 0.45:
            complaint = Complaint.with_user(order.reporter_id)._submit(
                order, random.choice(COMPLAINTS)).with_env(env)
            start = order.date_done or order.date_reported
            _backdate(complaint, start + timedelta(hours=random.uniform(2, 48)), now)
            complaints |= complaint
    desk = env.ref("hospital_repair.user_wangli_demo")
    for complaint in complaints:
        done = complaint.order_id.date_done
        if done and done < now - timedelta(days=3):
            complaint = complaint.with_user(desk)
            complaint.action_handle()
            complaint.resolution = random.choice(RESOLUTIONS)
            complaint.action_resolve()


def _reopen_messages(orders):
    """The reporter's words when they sent a repair back, in the chatter as
    ``action_reopen`` leaves them."""
    for order in orders.filtered("reopen_count"):
        message = order._post_reopen_message(order.reopen_reason)
        # it happened between the first work and the second one
        first, second = order.date_assigned, order.date_started or order.date_assigned
        message.sudo().date = first + (second - first) / 2


def _backdate(record, when, now):
    """Date ``record`` when its author would have written it (the demo is
    written at install time): the figures by day and the 7-day edit window
    of an evaluation read create_date."""
    record.flush_recordset()
    record.env.cr.execute(SQL(
        "UPDATE %s SET create_date = %s WHERE id = %s",
        SQL.identifier(record._table), min(when, now), record.id))
    record.invalidate_recordset(["create_date"])


def _close_old_todos(env, orders, now):
    """The desk called back the low scores of the past: only the last days'
    wait for someone."""
    activities = env["mail.activity"].sudo().search([
        ("res_model", "=", "hospital.repair.order"), ("res_id", "in", orders.ids),
        ("activity_type_id", "=", env.ref("mail.mail_activity_data_todo").id),
    ])
    old = activities.filtered(lambda a: env["hospital.repair.order"].browse(a.res_id).date_done
                              < now - timedelta(days=7))
    old.action_feedback(feedback="已回访")
