"""The work order's rules that more than one place reads: its states, who may
do what from which state, which fields only the transitions write, and the
limits of a report. Models, controllers, views' ``can_*`` fields and tests
read them from here, so that none of them keeps a copy of its own."""

import re
from datetime import timedelta

STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("submitted", "Submitted"),
    ("assigned", "Assigned"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("verified", "Verified"),
    ("closed", "Closed"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("draft", "to_approve", "submitted", "assigned", "in_progress", "done")
CANCELLABLE_STATES = ("draft", "to_approve", "submitted", "assigned")
URGEABLE_STATES = ("to_approve", "submitted", "assigned", "in_progress")
# What the report says can be changed by its reporter until the desk accepts it.
REPORT_EDITABLE_STATES = ("draft", "to_approve", "submitted")
# The SLA clock runs in these states (see hospital.repair.order._start_sla_clock).
SLA_RUNNING_STATES = ("submitted", "assigned", "in_progress")
# Where an order ends: the bulk that grows with the years, which no list of
# the day's work shows (the order's index of the live ones leaves them out).
FINISHED_STATES = ("closed", "rejected", "cancelled")
ALL_STATES = tuple(key for key, _label in STATES)

# Roles a user holds on one order (hospital.repair.order._get_roles):
#   reporter  the order's reporter
#   leader    the manager of the order's department
#   colleague an employee of the order's department
#   worker    the worker the order is dispatched to
#   desk      the service desk (and managers, who imply it)
# RIGHTS[action][role]: the states from which that role may do the action.
# Buttons (can_* fields), the portal, JSON-RPC / JSON-2 and the write checks
# all read this one table, always for the real user.
RIGHTS = {
    "submit": {"reporter": ("draft",), "desk": ("draft",)},
    "accept": {"desk": ("submitted",)},
    "reject": {"desk": ("submitted",)},
    "redispatch": {"desk": ("assigned", "in_progress")},
    "start": {"worker": ("assigned",), "desk": ("assigned",)},
    "finish": {"worker": ("in_progress",), "desk": ("in_progress",)},
    "verify": {"reporter": ("done",), "desk": ("done",)},
    "reopen": {"reporter": ("done",), "desk": ("done",)},
    "followup": {"desk": ("done", "verified")},
    "close": {"desk": ("verified",)},
    "cancel": {"reporter": CANCELLABLE_STATES, "desk": CANCELLABLE_STATES},
    "urge": {
        "reporter": URGEABLE_STATES, "leader": URGEABLE_STATES,
        "colleague": URGEABLE_STATES, "desk": URGEABLE_STATES,
    },
    "evaluate": {"reporter": ("verified", "closed")},
    "complain": {
        "reporter": ALL_STATES[1:], "leader": ALL_STATES[1:],
    },
    # 修改: change what the report says (REPORTER_FIELDS for the reporter,
    # DESK_FIELDS for the desk)
    "edit": {"reporter": REPORT_EDITABLE_STATES, "desk": OPEN_STATES},
    # record the work: notes of the worker the order is dispatched to
    "record_work": {"worker": ("assigned", "in_progress", "done"),
                    "desk": ("assigned", "in_progress", "done")},
    # record the materials drawn from the store and returned (材料领退; the
    # stock addon's material lines and its issue and return pickings)
    "record_materials": {"worker": ("in_progress",),
                         "desk": ("assigned", "in_progress", "done")},
}
# The portal shows these buttons (when RIGHTS allow them).
PORTAL_ACTIONS = ("urge", "cancel", "verify", "reopen", "evaluate", "complain")
# Transitions that need words: their buttons open a dialog, and a call
# without the words is refused.
DIALOG_ACTIONS = ("reject", "redispatch", "finish", "reopen", "followup")

# Fields only the transitions write: the state, its stamps, the assignment,
# the counters, the results and the SLA figures. Refused in create and write
# for every user, context defaults and imports included.
TRANSITION_FIELDS = frozenset({
    "state", "user_id", "vendor_id", "duty_user_id",
    "reject_reason", "result", "reopen_count", "reopen_reason",
    "urge_count", "date_last_urge", "followup_result", "followup_note",
    "date_reported", "date_approved", "date_accepted", "date_assigned", "date_started",
    "date_done", "date_verified", "date_closed", "date_cancelled", "date_followup",
    "date_sla_start", "date_response_deadline", "date_completion_deadline",
    "is_response_overdue", "is_completion_overdue", "is_overdue",
    # where a preventive or patrol order comes from: set by the code that
    # creates it, and the key that keeps a plan from doubling its orders
    "pm_plan_id", "pm_date_due", "patrol_visit_id", "patrol_line_id",
})
# What each role may write with "edit" / "record_work"; anything else is the
# desk's (DESK_FIELDS) or nobody's.
REPORTER_FIELDS = frozenset({
    "description", "photo_ids", "contact_phone", "appointment_date", "location",
})
# ... and, while the order is a draft, where and what it is
REPORTER_DRAFT_FIELDS = REPORTER_FIELDS | frozenset({
    "zone_id", "category_id", "priority", "equipment_id",
})
WORKER_FIELDS = frozenset({"work_note", "failure_reason", "proposed_solution"})
DESK_FIELDS = REPORTER_DRAFT_FIELDS | frozenset({
    "channel", "reporter_id", "reporter_name", "department_id",
})
# Written by the framework on any record a user may read (followers,
# activities, messages' side effects): never a rule of ours.
FRAMEWORK_FIELDS = frozenset({
    "message_follower_ids", "message_ids", "activity_ids", "message_main_attachment_id",
    "access_token",
})

URGE_INTERVAL_MINUTES = 30
PRIORITY_LEVELS = {"normal": 0, "urgent": 1, "emergency": 2}
# Share of the SLA targets left to a priority, until a hospital sets its own.
DEFAULT_PRIORITY_FACTORS = {"normal": 1.0, "urgent": 0.5, "emergency": 0.25}

# "My repairs" counts the orders of its pager up to this many (100 pages): a
# requester whose department has years of orders pages through the recent
# ones, and a count of all of them would read most of the orders table.
PORTAL_COUNT_LIMIT = 2000

# A report's photos.
MAX_PHOTOS = 6
MAX_PHOTO_SIZE = 8 * 1024 * 1024  # bytes; a phone camera photo is 2-5 MB
# Tolerance for an appointment "now": the form is filled in over a minute or two.
APPOINTMENT_GRACE = timedelta(minutes=5)

# A contact phone: a Chinese mobile (1[3-9] + 9 digits) or a landline with its
# area code, optionally behind +86, with an optional extension (021-64370045-801,
# 021-64370045 转 801), or a 4-digit internal extension of the hospital (8123).
PHONE_RE = re.compile(r"^(?:(?:\+?86)?(?:1[3-9]\d{9}|0?\d{9,11})|[1-9]\d{3})$")
PHONE_EXTENSION_RE = re.compile(r"^(.+?)(?:转|ext|x|-)\d{1,6}$", re.IGNORECASE)


def is_valid_phone(phone):
    compact = re.sub(r"[\s()]", "", phone or "")
    candidates = [compact]
    extension = PHONE_EXTENSION_RE.match(compact)
    if extension:
        candidates.append(extension.group(1))
    return any(PHONE_RE.match(candidate.replace("-", "")) for candidate in candidates)


ACT_WORKER = "hospital_repair.mail_act_repair_todo"
ACT_REPORTER = "hospital_repair.mail_act_repair_verify"
ACT_DESK = "hospital_repair.mail_act_repair_desk"
ACT_ESCALATION = "hospital_repair.mail_act_repair_escalation"

# What the reporter hears of their order: each event is the order's tracked
# message of the transition, with the event's words as its body and the
# event's subtype, which the reporter follows (and the worker, by default,
# for theirs): one message reaches both, in the order's chatter.
REPORTER_EVENT_SUBTYPES = {
    "accepted": "hospital_repair.mt_order_accepted",
    "dispatched": "hospital_repair.mt_order_assigned",
    "done": "hospital_repair.mt_order_done",
    "rejected": "hospital_repair.mt_order_rejected",
}
REPORTER_SUBTYPES = ("mail.mt_comment", *REPORTER_EVENT_SUBTYPES.values())

# Fields the big screens show: writing one of them redraws the screens.
BOARD_FIELDS = frozenset(
    ("state", "user_id", "urge_count", "zone_id", "category_id", "priority", "date_reported")
)

# An equipment is under repair (维修中) while one of its corrective orders
# (anything but a preventive one) is in these states.
EQUIPMENT_REPAIR_STATES = ("to_approve", "submitted", "assigned", "in_progress")
# Fields of a checklist line the person doing the check fills in; the rest is
# copied from the template and never rewritten.
CHECKLIST_VALUE_FIELDS = frozenset({"value_pass", "value_number", "value_text", "photo", "note"})
# The equipments' MTTR, MTBF and availability are figures of this many days
# back (or since the equipment's effective date, when later).
EQUIPMENT_KPI_DAYS = 180
