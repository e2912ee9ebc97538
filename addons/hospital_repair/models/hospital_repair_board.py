import hmac
import secrets
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.fields import Domain
from odoo.tools import SQL

from ..const import OPEN_STATES

# Drafts are not reported yet: the board never shows them.
BOARD_OPEN_STATES = tuple(s for s in OPEN_STATES if s != "draft")
# The open list is bounded so that the payload and the screen stay small at
# any volume; the oldest orders, the likeliest to be late, come first.
BOARD_LIST_LIMIT = 200
BUS_SUBCHANNEL = "hospital_repair_board"
BUS_NOTIFICATION = "hospital_repair.board/changed"


def _tz_get(self):
    return [(tz, tz) for tz in sorted(pytz.all_timezones, key=lambda tz: tz if not tz.startswith("Etc/") else "_")]


def mask_name(name):
    """张三 -> 张*, Zhang San -> Z*: the board hangs where visitors pass."""
    name = (name or "").strip()
    return f"{name[0]}*" if name else ""


class HospitalRepairBoard(models.Model):
    """A big screen (电子显示屏) on a wall of the logistics office.

    A TV opens ``/repair/board?token=…`` without login; desk users and
    managers open ``/repair/board`` and pick a board. The screen redraws when
    the bus says one of its orders changed, on the board's own channel.
    """

    _name = "hospital.repair.board"
    _description = "Repair Big Screen"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    zone_ids = fields.Many2many(
        "hospital.repair.zone", string="Zones",
        help="Only orders in these zones and the zones under them; all zones when empty.",
    )
    category_ids = fields.Many2many(
        "hospital.repair.category", string="Categories",
        help="Only orders of these categories; all categories when empty.",
    )
    tz = fields.Selection(
        _tz_get, string="Timezone", required=True, default="Asia/Shanghai",
        help="The day the board's \"today\" counts start and end in.",
    )
    lang = fields.Selection(
        "_lang_get", string="Language", required=True,
        default=lambda self: self._default_lang(),
        help="The language the screen speaks, whoever opens it.",
    )
    warning_minutes = fields.Integer(
        string="Warn Before Deadline (min)", default=30,
        help="Open orders whose deadline comes within this many minutes show in amber.",
    )
    show_counts = fields.Boolean(string="Show Today's Counts", default=True)
    show_orders = fields.Boolean(string="Show Open Orders", default=True)
    show_workers = fields.Boolean(default=True)
    show_satisfaction = fields.Boolean(default=True)
    show_trend = fields.Boolean(string="Show 7-Day Volume", default=True)
    sound_enabled = fields.Boolean(
        string="Sound Reminders", default=False,
        help="A short beep when an order becomes overdue or is urged.",
    )
    access_token = fields.Char(
        string="Kiosk Token", copy=False, readonly=True,
        default=lambda self: secrets.token_urlsafe(32),
    )
    kiosk_url = fields.Char(
        string="Kiosk Link", compute="_compute_kiosk_url",
    )

    _warning_minutes_positive = models.Constraint(
        "CHECK (warning_minutes >= 0)",
        "The warning time cannot be negative.",
    )

    @api.model
    def _default_lang(self):
        """The hospital's language (its partner's), else the user's: a wall
        screen speaks like the hospital, not like whoever set it up."""
        if lang := self.env.company._get_repair_lang():
            return lang
        return self.env.lang if self.env.lang in dict(self._lang_get()) else "en_US"

    @api.model
    def _lang_get(self):
        return self.env["res.lang"].get_installed()

    @api.depends("access_token")
    def _compute_kiosk_url(self):
        base_url = self.get_base_url()
        for board in self:
            board.kiosk_url = (
                f"{base_url}/repair/board?token={board.access_token}"
                if board.access_token else False
            )

    # ------------------------------------------------------------------
    # Configuration cache: the data route and every order write read it,
    # so it is cached per registry and cleared by any change to a board.
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        boards = super().create(vals_list)
        self.env.registry.clear_cache()
        return boards

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    @api.model
    @tools.ormcache()
    def _board_configs(self):
        """Every active board's settings as plain data, keyed by id."""
        configs = {}
        worker = self.env.ref("hospital_repair.group_repair_worker").sudo()
        desk = self.env.ref("hospital_repair.group_repair_dispatcher").sudo()
        worker_gids = tuple((worker | worker.all_implied_by_ids).ids)
        desk_gids = tuple((desk | desk.all_implied_by_ids).ids)
        boards = self.sudo().with_context(active_test=True).search([])
        for board in boards:
            configs[board.id] = {
                "id": board.id,
                "name": board.with_context(lang=board.lang).name,
                "token": board.access_token or "",
                "company_id": board.company_id.id,
                "zone_paths": tuple(board.zone_ids.mapped("parent_path")),
                "category_ids": tuple(board.category_ids.ids),
                "tz": board.tz or "Asia/Shanghai",
                "lang": board.lang or "en_US",
                "warning_minutes": board.warning_minutes,
                "show": {
                    "counts": board.show_counts,
                    "orders": board.show_orders,
                    "workers": board.show_workers,
                    "satisfaction": board.show_satisfaction,
                    "trend": board.show_trend,
                },
                "sound": board.sound_enabled,
                "worker_gids": worker_gids,
                "desk_gids": desk_gids,
            }
        return configs

    @api.model
    def _get_board_config(self, board_id):
        return self._board_configs().get(board_id)

    @api.model
    def _get_board_for_desk(self, board_id):
        """Board ``board_id`` when the current user is the service desk of its
        hospital (one of their companies); an empty recordset otherwise."""
        config = self._get_board_config(board_id)
        user = self.env.user
        if (not config or not user.has_group("hospital_repair.group_repair_dispatcher")
                or config["company_id"] not in user.company_ids.ids):
            return self.browse()
        return self.browse(board_id)

    @api.model
    def _get_board_by_token(self, token):
        """The board whose kiosk token is ``token``, or an empty recordset.

        Every board's token is compared, in constant time, so that neither
        the answer nor its timing tells how close a guess was."""
        found = 0
        if token and isinstance(token, str):
            for config in self._board_configs().values():
                if config["token"] and hmac.compare_digest(
                    config["token"].encode(), token.encode()
                ):
                    found = config["id"]
        return self.browse(found or [])

    def _check_token(self, token):
        self.ensure_one()
        config = self._get_board_config(self.id)
        return bool(
            config and config["token"] and isinstance(token, str)
            and hmac.compare_digest(config["token"].encode(), token.encode())
        )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_regenerate_token(self):
        for board in self:
            board.access_token = secrets.token_urlsafe(32)
        self._notify_board_changed()
        return True

    def action_revoke_token(self):
        self.access_token = False
        # Screens still connected reload and meet the 404 page.
        self._notify_board_changed()
        return True

    def action_open_screen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/repair/board?board_id={self.id}",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Bus
    # ------------------------------------------------------------------
    def _bus_channel(self):
        self.ensure_one()
        # A record channel: a client cannot ask for it, the server adds it in
        # ir.websocket._build_bus_channel_list once the session holds a right.
        return (self, BUS_SUBCHANNEL)

    def _notify_board_changed(self):
        """Tell the screens of these boards to fetch their data again, once
        per board and transaction whatever the number of orders written."""
        sent = self.env.cr.precommit.data.setdefault("hospital_repair.board.sent", set())
        bus = self.env["bus.bus"].sudo()
        for board in self:
            if board.id in sent:
                continue
            sent.add(board.id)
            bus._sendone(board._bus_channel(), BUS_NOTIFICATION, {"board_id": board.id})

    @api.model
    def _notify_orders_changed(self, orders):
        """The boards showing any of ``orders`` redraw; boards come from the
        cache so that an order write costs no board query."""
        configs = self._board_configs()
        # Drafts are on no board until they are reported.
        orders = orders.filtered(lambda order: order.state != "draft")
        if not configs or not orders:
            return
        board_ids = []
        for config in configs.values():
            for order in orders:
                if order.company_id.id != config["company_id"]:
                    continue
                if config["category_ids"] and order.category_id.id not in config["category_ids"]:
                    continue
                if config["zone_paths"] and not any(
                    (order.zone_id.parent_path or "").startswith(path)
                    for path in config["zone_paths"]
                ):
                    continue
                board_ids.append(config["id"])
                break
        self.browse(board_ids)._notify_board_changed()

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    @api.model
    def _board_labels(self):
        """The words of the screen, in the board's language."""
        _ = self.env._
        return {
            "reported": _("Reported Today"),
            "accepted": _("Accepted"),
            "in_progress": _("In Progress"),
            "done": _("Done"),
            "verified": _("Verified"),
            "open": _("Open"),
            "overdue": _("Overdue"),
            "warning": _("About to Be Overdue"),
            "orders": _("Open Orders"),
            "workers": _("Workers"),
            "busy": _("On a Job"),
            "free": _("Free"),
            "absent": _("On Leave"),
            "done_today": _("Done Today"),
            "satisfaction": _("Satisfaction Today"),
            "evaluations": _("evaluations"),
            "trend": _("Last 7 Days"),
            "number": _("Number"),
            "place": _("Place"),
            "category": _("Category"),
            "worker": _("Worker"),
            "state": _("State"),
            "elapsed": _("Elapsed"),
            "urged": _("Urged"),
            "offline": _("Live updates interrupted: refreshing every 30 s"),
            "none": _("No open orders"),
            "unassigned": _("Unassigned"),
        }

    @api.model
    def _board_order_domain(self, config):
        domain = Domain("company_id", "=", config["company_id"])
        if config["zone_paths"]:
            domain &= Domain.OR(
                Domain("zone_id.parent_path", "=like", f"{path}%")
                for path in config["zone_paths"]
            )
        if config["category_ids"]:
            domain &= Domain("category_id", "in", list(config["category_ids"]))
        return domain

    @api.model
    def _board_sla_status(self, row, now, warning):
        """(deadline, status) of an open order: "overdue", "warning" or "ok".

        The screen reads the SLA the order stored (issue 20: one SLA truth):
        the deadline is the one running in the order's state, to accept it
        while the desk has it, to complete it while a worker has it, none
        while it awaits approval or the reporter. "overdue" is the order's own
        flag (late once is late for good, as in the desk's lists), or its
        running deadline passed since the cron last refreshed the flags: the
        order's own comparison, which the cron will store in a few minutes and
        the screen does not wait for."""
        state = row["state"]
        if state == "submitted":
            deadline = row["date_response_deadline"] or row["date_completion_deadline"]
        elif state in ("assigned", "in_progress"):
            deadline = row["date_completion_deadline"]
        else:
            deadline = None
        if row["is_overdue"] or (deadline and deadline < now):
            return deadline, "overdue"
        if deadline and deadline - now <= warning:
            return deadline, "warning"
        return deadline, "ok"

    @api.model
    def _board_absent_user_ids(self, user_ids):
        """Workers absent today; nobody without a leave application. Modules
        that know about leaves override this (without extra queries per worker)."""
        return set()

    def _get_board_data(self, now=None):
        """The JSON of the screen, in at most 5 queries whatever the volume:
        today's counts, the 7-day volume (a _read_group), the open list and
        the workers; the board's settings come from the cache."""
        self.ensure_one()
        config = self._get_board_config(self.id)
        if not config:
            return None
        now = now or fields.Datetime.now()
        tz = pytz.timezone(config["tz"])
        local_today = pytz.utc.localize(now).astimezone(tz).date()
        day_start = tz.localize(datetime.combine(local_today, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        week_start = day_start - timedelta(days=6)
        Order = self.env["hospital.repair.order"].sudo().with_context(tz=config["tz"], active_test=False)
        # the queries below are raw SQL: what this transaction wrote must be in
        Order.flush_model()
        self.env["hospital.repair.evaluation"].flush_model(["order_id", "score_average"])
        domain = self._board_order_domain(config)
        scope = Order._search(domain)
        lang = config["lang"]
        data = {
            "board": {"id": self.id, "name": config["name"],
                      "sound": config["sound"], "show": config["show"], "tz": config["tz"],
                      "warning_minutes": config["warning_minutes"]},
            "server_time": fields.Datetime.to_string(now),
            "today": fields.Date.to_string(local_today),
        }

        # 1. Today's counts, the open totals and today's satisfaction. The
        # board's filter is inlined (not "id IN (…)") so that PostgreSQL
        # combines the state and date indexes instead of scanning every order.
        self.env.cr.execute(SQL(
            """
            SELECT COUNT(*) FILTER (WHERE hospital_repair_order.date_reported >= %(start)s),
                   COUNT(*) FILTER (WHERE hospital_repair_order.date_accepted >= %(start)s),
                   COUNT(*) FILTER (WHERE hospital_repair_order.state = 'in_progress'),
                   COUNT(*) FILTER (WHERE hospital_repair_order.date_done >= %(start)s),
                   COUNT(*) FILTER (WHERE hospital_repair_order.date_verified >= %(start)s),
                   COUNT(*) FILTER (WHERE hospital_repair_order.state IN %(open)s),
                   (SELECT AVG(e.score_average) FROM hospital_repair_evaluation e
                     WHERE e.create_date >= %(start)s AND e.order_id IN %(scope)s),
                   (SELECT COUNT(*) FROM hospital_repair_evaluation e
                     WHERE e.create_date >= %(start)s AND e.order_id IN %(scope)s)
              FROM %(from)s
             WHERE %(where)s
               AND (hospital_repair_order.state IN %(open)s
                    OR hospital_repair_order.date_reported >= %(start)s
                    OR hospital_repair_order.date_accepted >= %(start)s
                    OR hospital_repair_order.date_done >= %(start)s
                    OR hospital_repair_order.date_verified >= %(start)s)
            """,
            start=day_start, open=BOARD_OPEN_STATES, scope=scope.subselect(),
            where=scope.where_clause, **{"from": scope.from_clause},
        ))
        (reported, accepted, in_progress, done, verified, open_total,
         satisfaction, evaluations) = self.env.cr.fetchone()
        data["counts"] = {
            "reported": reported, "accepted": accepted, "in_progress": in_progress,
            "done": done, "verified": verified, "open": open_total,
        }
        data["satisfaction"] = {
            "average": round(satisfaction, 2) if satisfaction is not None else None,
            "count": evaluations,
        }

        # 2. The 7-day volume, by the board's local day.
        volume = {
            (day.date() if isinstance(day, datetime) else day): count
            for day, count in Order._read_group(
                domain & Domain("date_reported", ">=", week_start),
                ["date_reported:day"], ["__count"],
            )
        }
        data["trend"] = [
            {"day": fields.Date.to_string(day), "count": volume.get(day, 0)}
            for day in (local_today - timedelta(days=6 - i) for i in range(7))
        ]

        # 3. The open list, with its names, in one query.
        self.env.cr.execute(SQL(
            """
            SELECT hospital_repair_order.id, hospital_repair_order.name,
                   hospital_repair_order.state, hospital_repair_order.priority,
                   hospital_repair_order.reporter_name, hospital_repair_order.location,
                   hospital_repair_order.date_reported, hospital_repair_order.date_accepted,
                   hospital_repair_order.urge_count, hospital_repair_order.date_last_urge,
                   hospital_repair_order.user_id, z.complete_name AS zone,
                   COALESCE(c.name->>%(lang)s, c.name->>'en_US') AS category,
                   hospital_repair_order.date_response_deadline,
                   hospital_repair_order.date_completion_deadline,
                   hospital_repair_order.is_overdue, p.name AS worker
              FROM %(from)s
              JOIN hospital_repair_zone z ON z.id = hospital_repair_order.zone_id
              JOIN hospital_repair_category c ON c.id = hospital_repair_order.category_id
         LEFT JOIN res_users u ON u.id = hospital_repair_order.user_id
         LEFT JOIN res_partner p ON p.id = u.partner_id
             WHERE %(where)s AND hospital_repair_order.state IN %(open)s
          ORDER BY hospital_repair_order.date_reported ASC NULLS LAST, hospital_repair_order.id
             LIMIT %(limit)s
            """,
            lang=lang, open=BOARD_OPEN_STATES, limit=BOARD_LIST_LIMIT,
            where=scope.where_clause, **{"from": scope.from_clause},
        ))
        rows = self.env.cr.dictfetchall()
        warning = timedelta(minutes=config["warning_minutes"])
        lang_env = self.with_context(lang=lang).env
        states = dict(lang_env["hospital.repair.order"]._fields["state"]._description_selection(lang_env))
        rank = {"overdue": 0, "warning": 1, "ok": 2}
        orders = []
        for row in rows:
            deadline, status = self._board_sla_status(row, now, warning)
            orders.append({
                "id": row["id"],
                "name": row["name"],
                "state": row["state"],
                "state_label": states.get(row["state"], row["state"]),
                "priority": row["priority"],
                "reporter": mask_name(row["reporter_name"]),
                "zone": row["zone"],
                "location": row["location"] or "",
                "category": row["category"],
                "worker": row["worker"] or "",
                "date_reported": fields.Datetime.to_string(row["date_reported"]),
                "deadline": fields.Datetime.to_string(deadline) if deadline else False,
                "sla": status,
                # the screen re-evaluates the deadline every second; the flag
                # keeps a late order red whatever deadline runs now
                "overdue": bool(row["is_overdue"]),
                "urge_count": row["urge_count"] or 0,
                "date_last_urge": fields.Datetime.to_string(row["date_last_urge"]),
            })
        orders.sort(key=lambda o: rank[o["sla"]])
        data["orders"] = orders
        data["counts"]["overdue"] = sum(1 for o in orders if o["sla"] == "overdue")
        data["counts"]["warning"] = sum(1 for o in orders if o["sla"] == "warning")

        # 4. Workers: who is on a job, and how many each finished today.
        self.env.cr.execute(SQL(
            """
            SELECT u.id, p.name,
                   (SELECT o.name FROM hospital_repair_order o
                     WHERE o.user_id = u.id AND o.state = 'in_progress'
                  ORDER BY o.date_started DESC NULLS LAST LIMIT 1) AS job,
                   (SELECT COUNT(*) FROM hospital_repair_order o
                     WHERE o.user_id = u.id AND o.state IN ('assigned', 'in_progress')) AS queue,
                   (SELECT COUNT(*) FROM hospital_repair_order o
                     WHERE o.user_id = u.id AND o.date_done >= %(start)s) AS done_today
              FROM res_users u
              JOIN res_partner p ON p.id = u.partner_id
             WHERE u.active AND NOT u.share
               AND u.id IN (SELECT uid FROM res_groups_users_rel WHERE gid IN %(worker)s)
               AND u.id NOT IN (SELECT uid FROM res_groups_users_rel WHERE gid IN %(desk)s)
               AND u.id IN (SELECT user_id FROM res_company_users_rel WHERE cid = %(company)s)
          ORDER BY p.name, u.id
            """,
            start=day_start, worker=config["worker_gids"], desk=config["desk_gids"],
            company=config["company_id"],
        ))
        workers = self.env.cr.fetchall()
        absent = self._board_absent_user_ids([w[0] for w in workers])
        data["workers"] = [
            {
                "id": uid,
                "name": name,
                "status": "absent" if uid in absent else ("busy" if job or queue else "free"),
                "job": job or "",
                "queue": queue,
                "done_today": done_today,
            }
            for uid, name, job, queue, done_today in workers
        ]
        return data
