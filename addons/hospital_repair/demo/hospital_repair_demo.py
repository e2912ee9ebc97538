"""The demo hospital: a campus with its buildings, floors, wards and rooms,
15 departments with their leaders, 13 workers covering zones (some clearly
better than others), the service desk, the logistics leader, and ~300
orders spread over the last six months in every state, with realistic
stamps, approvals, evaluations, complaints, urges and reopenings
(``hospital_repair_demo_feedback``). Deterministic: seeded random, so every
install looks the same."""

import logging
import random
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError

from . import hospital_repair_demo_feedback as feedback

_logger = logging.getLogger(__name__)

SEED = 20261125
PASSWORD = "demo"

BUILDINGS = [
    # xml id, name, floors
    ("outpatient", "门诊楼", ["B1", "1F", "2F", "3F", "4F", "5F"]),
    ("inpatient", "住院楼", ["1F", "2F", "3F", "4F", "5F", "6F", "7F", "8F", "9F", "10F", "11F", "12F"]),
    ("medtech", "医技楼", ["B1", "1F", "2F", "3F", "4F"]),
    ("admin", "行政楼", ["1F", "2F", "3F", "4F", "5F", "6F"]),
    ("power", "后勤动力中心", ["锅炉房", "配电房", "氧气站"]),
]
WORKERS = [
    # login, name, zones (building or building/floor), backup of
    ("zhangjianguo", "张建国", ["outpatient"]),
    ("lizhiqiang", "李志强", ["outpatient/4F", "outpatient/5F"]),
    ("wanghaitao", "王海涛", ["inpatient"]),
    ("liuweidong", "刘卫东", ["inpatient/6F", "inpatient/7F", "inpatient/8F"]),
    ("chenguoping", "陈国平", ["inpatient/9F", "inpatient/10F"]),
    ("yangxiaoming", "杨晓明", ["inpatient/11F", "inpatient/12F"]),
    ("zhaodesheng", "赵德胜", ["medtech"]),
    ("huangyonggang", "黄永刚", ["medtech/B1"]),
    ("zhoulixin", "周立新", ["admin"]),
    ("wuchunsheng", "吴春生", ["power/锅炉房"]),
    ("xuhongwei", "徐宏伟", ["power/配电房", "power"]),
    ("sunzhenhua", "孙振华", ["power/氧气站"]),
    ("majunjie", "马俊杰", ["campus"]),
]
# How good and how quick each worker is: (quality 0-1, time factor). The
# evaluations, reopenings, failures, urges and overdue orders follow, so that
# the appraisal and the rankings tell the workers apart.
PROFILES = {
    "zhangjianguo": (0.95, 0.7), "lizhiqiang": (0.85, 0.9), "wanghaitao": (0.92, 0.8),
    "liuweidong": (0.75, 1.15), "chenguoping": (0.5, 1.7), "yangxiaoming": (0.85, 1.0),
    "zhaodesheng": (0.7, 1.25), "huangyonggang": (0.88, 0.9), "zhoulixin": (0.78, 1.0),
    "wuchunsheng": (0.93, 0.8), "xuhongwei": (0.58, 1.5), "sunzhenhua": (0.82, 1.0),
    "majunjie": (0.68, 1.3),
}
# each worker's backup (区域包干: the neighbour who takes over on leave)
BACKUPS = {
    "zhangjianguo": "lizhiqiang", "lizhiqiang": "zhangjianguo", "wanghaitao": "liuweidong",
    "liuweidong": "wanghaitao", "chenguoping": "yangxiaoming", "yangxiaoming": "chenguoping",
    "zhaodesheng": "huangyonggang", "huangyonggang": "zhaodesheng", "zhoulixin": "majunjie",
    "wuchunsheng": "xuhongwei", "xuhongwei": "sunzhenhua", "sunzhenhua": "wuchunsheng",
    "majunjie": "zhoulixin",
}
DEPARTMENTS = [
    # code, name, leader, staff, where they work
    ("cardio", "心内科", "王建华", "李娜", ["inpatient/6F", "outpatient/2F"]),
    ("thoracic", "胸外科", "陈志刚", "张敏", ["inpatient/7F"]),
    ("respiratory", "呼吸内科", "刘晓东", "王芳", ["inpatient/8F", "outpatient/2F"]),
    ("gastro", "消化内科", "杨伟", "赵静", ["inpatient/9F", "outpatient/3F"]),
    ("neuro", "神经内科", "黄海", "周丽", ["inpatient/10F"]),
    ("surgery", "普外科", "吴刚", "徐燕", ["inpatient/5F"]),
    ("ortho", "骨科", "孙磊", "马丽", ["inpatient/4F", "outpatient/4F"]),
    ("pediatrics", "儿科", "朱红", "胡婷", ["inpatient/3F", "outpatient/1F"]),
    ("obstetrics", "妇产科", "郭玉兰", "何雪", ["inpatient/11F", "outpatient/5F"]),
    ("emergency", "急诊科", "林涛", "高洁", ["outpatient/1F"]),
    ("radiology", "放射科", "罗斌", "梁丹", ["medtech/1F", "medtech/B1"]),
    ("laboratory", "检验科", "宋建军", "郑佳", ["medtech/2F"]),
    ("pharmacy", "药剂科", "谢文", "韩雪梅", ["outpatient/1F", "medtech/3F"]),
    ("theatre", "手术室", "唐建", "冯晓燕", ["inpatient/12F"]),
    ("logistics", "总务科", "曹国强", "彭霞", ["admin/2F", "power"]),
]
# What a department's floor holds: (suffix of its area, rooms) by building.
# Rooms are numbered per floor: {n} is the next free number on the floor.
AREAS = {
    "inpatient": ("病区", ["{f}{n:02d}病房", "{f}{n:02d}病房", "{f}{n:02d}病房", "{f}{n:02d}病房",
                         "护士站", "治疗室"]),
    "outpatient": ("诊区", ["{f}{n:02d}诊室", "{f}{n:02d}诊室", "{f}{n:02d}诊室", "候诊区"]),
    "medtech": ("检查区", ["{f}{n:02d}检查室", "{f}{n:02d}检查室", "登记台"]),
    "admin": ("办公区", ["{f}{n:02d}办公室", "{f}{n:02d}办公室", "会议室"]),
    "pharmacy": ("药房", ["发药窗口", "药库", "配液室"]),
}
DESK = [("wangli", "王丽"), ("chenjing", "陈静")]
MANAGER = ("liuzhiming", "刘志明")
FAULTS = {
    "category_water": ["水龙头漏水", "洗手池下水道堵塞", "卫生间马桶冲水不止", "热水器不出热水", "暖气片漏水"],
    "category_electric": ["病房灯管不亮", "插座没电", "走廊应急灯损坏", "配电箱跳闸", "呼叫器不响"],
    "category_low_voltage": ["网络端口不通", "电话无信号", "监控画面黑屏", "门禁刷卡无反应", "排队叫号屏不显示"],
    "category_carpentry": ["诊室门锁坏了", "柜门合页脱落", "病床护栏松动", "窗户关不严", "办公椅断腿"],
    "category_hvac": ["空调不制冷", "空调滴水", "新风机噪音大", "空调遥控失灵", "手术室温度过高"],
    "category_pressure": ["氧气终端漏气", "负压吸引压力不足", "蒸汽管道异响", "锅炉压力表异常"],
    "category_other": ["天花板掉落", "墙面渗水发霉", "地面瓷砖破损", "垃圾桶损坏"],
}
SPOTS = ["靠窗一侧", "{n}床", "门口", "卫生间内", "吊顶上方", "洗手池下方", "墙角插座"]
LOCATIONS = ["护士站", "医生办公室", "走廊", "{n}号病房", "{n}号诊室", "卫生间", "库房", "治疗室", "值班室", "候诊区"]
CHANNELS = ["phone"] * 5 + ["portal"] * 3 + ["qr"] * 2 + ["walk_in", "mobile", "oa"]


class _Loader:
    def __init__(self, env, lang):
        self.env = env
        self.lang = lang

    def record(self, model, xmlid, values):
        return self.env[model]._load_records(
            [{"xml_id": f"hospital_repair.{xmlid}_demo", "values": values, "noupdate": True}]
        )

    def user(self, login, name, groups, department=None, parent=None, employee=True):
        user = self.record("res.users", f"user_{login}", {
            "name": name, "login": login, "password": PASSWORD,
            "email": f"{login}@hospital.example.com",
            "phone": f"021-6{random.randint(1000000, 9999999)}",
            "group_ids": [(6, 0, groups.ids)],
            "tz": "Asia/Shanghai", "lang": self.lang,
        })
        emp = self.env["hr.employee"]
        if employee:
            emp = self.record("hr.employee", f"employee_{login}", {
                "name": name, "user_id": user.id,
                "department_id": department.id if department else False,
                "parent_id": parent.id if parent else False,
                "work_phone": user.phone,
            })
        return user, emp


def set_currency(env):
    """The demo hospital counts in CNY. A company that already has journal
    entries (the accounting demo, installed in the same run) cannot change its
    currency: it keeps it, and the chart of accounts loaded later sets it (the
    stock addon's demo loads the Chinese chart)."""
    company, cny = env.ref("base.main_company"), env.ref("base.CNY")
    if company.currency_id == cny:
        return True
    try:
        with env.cr.savepoint():
            company.currency_id = cny
    except UserError as error:
        _logger.info("The demo hospital keeps its currency %s: %s", company.currency_id.name, error)
    return True


def generate(env):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                           mail_notrack=True, mail_create_nosubscribe=True,
                           mail_auto_subscribe_no_notify=True, no_reset_password=True))
    if env.ref("hospital_repair.zone_campus_demo", raise_if_not_found=False):
        return True
    random.seed(SEED)
    # the hospital works in Chinese: users, to-dos and the big screen speak it
    lang = _speak_chinese(env)
    env = env(context=dict(env.context, lang=lang))
    load = _Loader(env, lang)
    ref = env.ref
    g_requester = ref("hospital_repair.group_repair_requester")
    g_worker = ref("hospital_repair.group_repair_worker")
    g_desk = ref("hospital_repair.group_repair_dispatcher")
    g_manager = ref("hospital_repair.group_repair_manager")

    # zones
    zones = {"campus": load.record("hospital.repair.zone", "zone_campus", {
        "name": "主院区", "zone_type": "campus", "sequence": 1})}
    for seq, (code, name, floors) in enumerate(BUILDINGS, start=1):
        building = load.record("hospital.repair.zone", f"zone_{code}", {
            "name": name, "zone_type": "building", "parent_id": zones["campus"].id,
            "sequence": seq})
        zones[code] = building
        for fseq, floor in enumerate(floors, start=1):
            key = f"{code}/{floor}"
            zones[key] = load.record("hospital.repair.zone", f"zone_{code}_{fseq}", {
                "name": floor, "zone_type": "area" if code == "power" else "floor",
                "parent_id": building.id, "sequence": fseq})

    rooms_of = _add_areas(load, zones)

    # the desk and the management; the manager is the logistics leader
    manager, manager_emp = load.user(MANAGER[0], MANAGER[1], g_manager)
    company = env.company
    company.repair_logistics_leader_id = manager
    desk_users = env["res.users"]
    for login, name in DESK:
        desk_users |= load.user(login, name, g_desk, parent=manager_emp)[0]

    # workers and their zones, each zone with its worker's backup
    workers = {}
    for login, name, _covered in WORKERS:
        user, _emp = load.user(login, name, g_worker, parent=manager_emp)
        workers[login] = user
    for login, _name, covered in WORKERS:
        for key in covered:
            zones[key].write({"user_id": workers[login].id,
                              "backup_user_id": workers[BACKUPS[login]].id})
    # the responsibility table names every floor and ward with its worker and
    # backup (a floor's crew is its building's unless it names its own)
    for zone in zones.values():
        if zone.zone_type in ("floor", "area") and (zone.child_ids or zone.zone_type == "floor") \
                and not zone.user_id and zone.parent_id.effective_user_id:
            worker = zone.parent_id.effective_user_id
            login = next(k for k, u in workers.items() if u == worker)
            zone.write({"user_id": worker.id, "backup_user_id": workers[BACKUPS[login]].id})

    # departments, their leaders and staff
    departments = []
    for code, name, leader_name, staff_name, places in DEPARTMENTS:
        dept = load.record("hr.department", f"department_{code}", {"name": name})
        leader, leader_emp = load.user(f"{code}_leader", leader_name, g_requester, dept)
        dept.manager_id = leader_emp
        staff, _emp = load.user(f"{code}_staff", staff_name, g_requester, dept, leader_emp)
        # where its staff report from: the rooms of its areas, else its floors
        where = [room for p in places for room in (rooms_of.get((p, code)) or zones[p])]
        departments.append((dept, leader | staff, where))
    logistics_dept = departments[-1][0]
    (manager_emp | desk_users.employee_ids).department_id = logistics_dept
    for user in workers.values():
        user.employee_ids.department_id = logistics_dept

    # a worker on leave now: the outpatient orders go to the backup
    zhang = workers["zhangjianguo"].employee_ids[:1]
    now = fields.Datetime.now().replace(microsecond=0)
    load.record("resource.calendar.leaves", "leave_zhangjianguo", {
        "name": "年假", "resource_id": zhang.resource_id.id,
        "calendar_id": zhang.resource_calendar_id.id,
        "date_from": now - timedelta(days=1), "date_to": now + timedelta(days=2),
    })

    _setup_company(env, lang)
    orders = _generate_orders(env, departments, desk_users, now)
    feedback.generate(env, orders, workers, PROFILES, now)
    return True


def _speak_chinese(env):
    """Activate zh_CN with Odoo's own words when the install did not load it
    (``make run`` does; ``make test`` does not): what the demo writes (to-dos,
    notes) is then Chinese, and so are the screens of its users."""
    if not env["res.lang"]._lang_get("zh_CN"):
        env["res.lang"]._activate_lang("zh_CN")
        installed = env["ir.module.module"].search([("state", "=", "installed")])
        env["ir.module.module"]._load_module_terms(installed.mapped("name"), ["zh_CN"])
    return "zh_CN"


def _setup_company(env, lang):
    """The hospital speaks Chinese and keeps Shanghai time; its administrator
    is not "Mitchell Admin"; the big screen speaks the hospital's language."""
    admin = env.ref("base.user_admin")
    admin.write({"name": "系统管理员", "tz": "Asia/Shanghai", "lang": lang})
    env.company.partner_id.write({"lang": lang, "tz": "Asia/Shanghai"})
    board = env.ref("hospital_repair.hospital_repair_board_demo", raise_if_not_found=False)
    if board:
        board.lang = lang


def _add_areas(load, zones):
    """The wards, clinics and offices of each department on its floors, and
    their rooms: an order says where, down to the room. Returns the rooms by
    (floor key, department code)."""
    rooms_of, numbers = {}, {}
    for dept_code, dept_name, _leader, _staff, places in DEPARTMENTS:
        for key in places:
            building = key.split("/")[0]
            if "/" not in key or building not in AREAS:
                continue
            floor = zones[key]
            suffix, rooms = AREAS["pharmacy" if dept_code == "pharmacy" else building]
            index = places.index(key) + 1
            area = load.record("hospital.repair.zone", f"zone_{dept_code}_area_{index}", {
                "name": f"{dept_name}{suffix}", "zone_type": "area",
                "parent_id": floor.id, "sequence": 10 + index})
            level = floor.name.removesuffix("F")
            children = area.browse()
            for rseq, room in enumerate(rooms, start=1):
                if "{n" in room:
                    numbers[key] = numbers.get(key, 0) + 1
                children |= load.record(
                    "hospital.repair.zone", f"zone_{dept_code}_area_{index}_{rseq}", {
                        "name": room.format(f=level, n=numbers.get(key, 0)), "zone_type": "area",
                        "parent_id": area.id, "sequence": rseq})
            zones[f"{key}#{dept_code}"] = area
            rooms_of[key, dept_code] = children
    return rooms_of


def _pick_state(age_days):
    # done orders older than a few days were confirmed by the reporter or,
    # silent, by the auto-confirmation: none waits in "done" for weeks
    if age_days > 20:
        return random.choices(
            ["closed", "verified", "rejected", "cancelled"], [72, 18, 5, 5])[0]
    if age_days > 4:
        return random.choices(
            ["closed", "verified", "in_progress", "rejected", "cancelled"],
            [40, 40, 8, 6, 6])[0]
    return random.choices(
        ["draft", "to_approve", "submitted", "assigned", "in_progress", "done", "verified"],
        [3, 5, 20, 25, 20, 17, 10])[0]


def _hours(low, high):
    return timedelta(hours=random.uniform(low, high))


def _order_vals(env, categories, departments, desk_users, reported, forced_state, now):
    """The values of one demo order reported at ``reported``."""
    reported = reported.replace(microsecond=0)
    if reported.hour < 7:
        reported += timedelta(hours=8)
    age = (now - reported).total_seconds() / 86400
    dept, people, places = random.choice(departments)
    reporter = random.choice(people)
    zone = random.choice(places)
    state = forced_state or _pick_state(age)
    if state == "to_approve":
        key = "category_pressure"
    else:
        key = random.choices(list(FAULTS), [22, 22, 14, 12, 16, 4, 10])[0]
    category = categories[key]
    channel = random.choice(CHANNELS)
    desk = random.choice(desk_users)
    vals = {
        "name": env["ir.sequence"].with_context(ir_sequence_date=reported).next_by_code(
            "hospital.repair.order"),
        "channel": channel,
        "reporter_id": reporter.id,
        "department_id": dept.id,
        "contact_phone": reporter.phone,
        "zone_id": zone.id,
        "location": random.choice(SPOTS if zone.parent_id.parent_id.zone_type == "floor"
                                  else LOCATIONS).format(n=random.randint(1, 40)),
        "category_id": category.id,
        "priority": random.choices(["normal", "urgent", "emergency"], [80, 15, 5])[0],
        "description": random.choice(FAULTS[key]),
        "state": state,
        "date_reported": reported if state != "draft" else False,
        "duty_user_id": desk.id if channel in ("phone", "walk_in") else False,
    }
    if random.random() < 0.12 and state != "draft":
        vals["appointment_date"] = reported + timedelta(days=1, hours=random.randint(1, 6))
    stamp = _add_progress(vals, category, zone, desk, reported)
    if stamp > now:
        # keep every stamp in the past: shift the order back
        shift = stamp - now + timedelta(minutes=30)
        for fname in list(vals):
            if fname.startswith("date_") and vals[fname]:
                vals[fname] = vals[fname] - shift
    if vals["state"] in URGED and random.random() < 0.3:
        vals.update(urge_count=random.randint(1, 3),
                    date_last_urge=min(now, vals["date_reported"] + _hours(1, 5)))
    elif vals.get("date_done") and random.random() < 0.45 and (
            vals["date_done"] - vals["date_reported"] > timedelta(hours=6)):
        # a slow repair gets urged while it waits
        vals.update(urge_count=random.randint(1, 3),
                    date_last_urge=vals["date_reported"] + (
                        vals["date_done"] - vals["date_reported"]) * random.uniform(0.3, 0.9))
    return vals


def _add_progress(vals, category, zone, desk, stamp):
    """Add to ``vals`` the stamps of the steps its state went through, from
    ``stamp`` (the report) on; may fall back to "assigned" when nobody covers
    the zone. Returns the last stamp."""
    state = vals["state"]
    if category.approval_required and state not in ("draft", "to_approve"):
        stamp += _hours(1, 20)
        vals["date_approved"] = stamp
    if state == "rejected":
        vals["reject_reason"] = random.choice(
            ["不属于后勤维修范围，请联系信息科", "重复报修", "属于设备科医疗设备，请走设备维修流程"])
    elif state == "cancelled":
        vals["date_cancelled"] = stamp + _hours(0.1, 3)
    if state in ("assigned", "in_progress", "done", "verified", "closed"):
        stamp += _hours(0.05, 0.9 if random.random() < 0.85 else 4)
        vals.update(date_accepted=stamp, duty_user_id=vals["duty_user_id"] or desk.id)
        worker = zone._get_responsible_user(stamp)
        quality, speed = PROFILES.get(worker.login, (0.8, 1.0))
        if worker:
            stamp += timedelta(minutes=random.randint(0, 10))
            vals.update(user_id=worker.id, date_assigned=stamp)
        elif state != "assigned":
            state = vals["state"] = "assigned"
    else:
        quality, speed = 0.8, 1.0
    if state in ("in_progress", "done", "verified", "closed"):
        stamp += _hours(0.2, 3) * speed
        vals["date_started"] = stamp
    if state in ("done", "verified", "closed"):
        stamp = _add_done(vals, stamp, quality, speed)
    if state in ("verified", "closed"):
        stamp += _hours(0.5, 70)
        vals["date_verified"] = stamp
    if state == "closed":
        stamp += _hours(2, 120)
        vals.update(date_followup=stamp, date_closed=stamp + timedelta(minutes=5),
                    followup_result=random.choices(
                        ["satisfied", "unsatisfied", "unreachable"], [85, 8, 7])[0])
    return stamp


def _add_done(vals, stamp, quality, speed):
    """The work of a worker of ``quality`` (0-1) and time factor ``speed``."""
    stamp += _hours(0.3, 5 if random.random() < 0.85 else 40) * speed
    success = random.random() < 0.99 - (1 - quality) * 0.25
    vals.update(date_done=stamp, result="success" if success else "failure",
                work_note=random.choice(WORK_NOTES) if success else "需更换整机")
    if not success:
        vals.update(failure_reason="配件停产，现场无法修复",
                    proposed_solution="申请采购新设备，由设备科招标")
    if random.random() < (1 - quality) * 0.35:
        vals.update(reopen_count=1, reopen_reason=random.choice(REOPEN_REASONS))
    return stamp


WORK_NOTES = ["已处理完毕", "更换配件后恢复正常", "已疏通，试用正常", "紧固后恢复", "已调试正常"]
REOPEN_REASONS = ["问题复发", "维修后仍然漏水", "用了一天又坏了", "只修好了一半"]


def _generate_orders(env, departments, desk_users, now):
    Order = env["hospital.repair.order"]
    categories = {key: env.ref(f"hospital_repair.{key}") for key in FAULTS}
    reports = sorted(
        # more orders lately, as a new system gets known
        now - timedelta(days=180 * random.random() ** 1.3, minutes=random.randint(0, 600))
        for _i in range(300)
    )
    # the latest orders show every open state at least once, the last ones
    # reported within the last hours: the desk's day has begun
    forced = ["assigned", "in_progress", "done", "draft", "to_approve", "submitted", "submitted"]
    forced = [None] * (len(reports) - len(forced)) + forced
    reports[-4:] = sorted(now - timedelta(minutes=random.randint(10, 150)) for _i in range(4))
    vals_list = []
    for reported, forced_state in zip(reports, forced, strict=True):
        vals_list.append(
            _order_vals(env, categories, departments, desk_users, reported, forced_state, now))
    orders = Order._create_history(vals_list)
    env["ir.model.data"]._update_xmlids([
        {"xml_id": f"hospital_repair.order_{index:03d}_demo", "record": order, "noupdate": True}
        for index, order in enumerate(orders, start=1)
    ])
    # who must act next on the open ones
    open_orders = orders.filtered(lambda o: o.state in ("assigned", "in_progress"))
    open_orders._schedule_worker_todo()
    for order in orders.filtered(lambda o: o.state == "done"):
        # the summary action_finish gives (the type's own would stay in the
        # language of the install: translations load after the demo)
        order.activity_schedule(
            "hospital_repair.mail_act_repair_verify", user_id=order.reporter_id.id,
            summary=env._("Confirm the repair of %(order)s", order=order.name))
    for order in orders.filtered(lambda o: o.state == "assigned" and not o.user_id):
        order._notify_desk(env._("No worker available: dispatch by hand"))
    return orders


URGED = ("submitted", "assigned", "in_progress")

