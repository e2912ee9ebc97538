"""The demo hospital's equipment ledger (issue 22): ~60 real assets of a
tertiary hospital in their zones, checklists, PM plans, two patrol routes,
and six months of history (preventive orders mostly on time, failures,
patrol rounds with a few faults and missed rounds). Deterministic: seeded
random. Built on the zones, workers and categories of the core demo
(hospital_repair_demo.py), by their xml ids."""

import random
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields

from ..tools import transition_writes

SEED = 20261129
SHANGHAI = pytz.timezone("Asia/Shanghai")
# the departments using the air handlers of their floors (the plant is logistics')
USING_DEPARTMENTS = {
    "zone_inpatient_4": "ortho", "zone_inpatient_6": "cardio", "zone_inpatient_7": "thoracic",
    "zone_inpatient_8": "respiratory", "zone_inpatient_10": "neuro", "zone_inpatient_12": "theatre",
}

CATEGORIES = [
    # code, name
    ("boiler", "锅炉"), ("switchgear", "配电设备"), ("gas", "医用气体"), ("chiller", "冷水机组"),
    ("pump", "水泵"), ("ahu", "空调箱"), ("elevator", "电梯"), ("tower", "冷却塔"),
    ("generator", "发电机组"),
]
# code, name, equipment category, zone xml id (without hospital_repair. / _demo),
# model, in service since (years ago), repair category, how often it fails (weight)
ASSETS = [
    ("BLR1", "1号燃气蒸汽锅炉", "boiler", "zone_power_1", "WNS4-1.25-Q", 8, "special", 2),
    ("BLR2", "2号燃气蒸汽锅炉", "boiler", "zone_power_1", "WNS4-1.25-Q", 8, "special", 1),
    ("SOFT", "全自动软水器", "pump", "zone_power_1", "RS-20T", 6, "category_water", 1),
    ("STEAM", "分汽缸", "boiler", "zone_power_1", "DN600", 8, "special", 0),
    ("HWP1", "1号热水循环泵", "pump", "zone_power_1", "ISG125-200", 5, "category_water", 2),
    ("HWP2", "2号热水循环泵", "pump", "zone_power_1", "ISG125-200", 5, "category_water", 1),
    ("HV1", "1号高压进线柜", "switchgear", "zone_power_2", "KYN28A-12", 10, "category_electric", 0),
    ("HV2", "2号高压进线柜", "switchgear", "zone_power_2", "KYN28A-12", 10, "category_electric", 0),
    ("TR1", "1号干式变压器", "switchgear", "zone_power_2", "SCB13-1600", 10, "category_electric", 0),
    ("TR2", "2号干式变压器", "switchgear", "zone_power_2", "SCB13-1600", 10, "category_electric", 1),
    ("LV1", "1号低压配电柜", "switchgear", "zone_power_2", "GCS", 10, "category_electric", 1),
    ("LV2", "2号低压配电柜", "switchgear", "zone_power_2", "GCS", 10, "category_electric", 1),
    ("LV3", "3号低压配电柜", "switchgear", "zone_power_2", "GCS", 10, "category_electric", 2),
    ("LV4", "4号低压配电柜", "switchgear", "zone_power_2", "GCS", 10, "category_electric", 0),
    ("GEN", "柴油发电机组", "generator", "zone_power_2", "C800D5", 7, "category_electric", 1),
    ("UPS", "手术室UPS电源", "switchgear", "zone_inpatient_12", "9395P-200", 4, "category_electric", 1),
    ("LOX", "液氧储罐", "gas", "zone_power_3", "CFL-10/0.8", 9, "special", 0),
    ("O2M", "氧气汇流排", "gas", "zone_power_3", "HLP-2×10", 9, "special", 2),
    ("N2OM", "笑气汇流排", "gas", "zone_power_3", "HLP-2×5", 9, "special", 1),
    ("VAC1", "1号医用真空泵", "gas", "zone_power_3", "RA0400", 6, "special", 2),
    ("VAC2", "2号医用真空泵", "gas", "zone_power_3", "RA0400", 6, "special", 6),
    ("AIR1", "1号医用空压机", "gas", "zone_power_3", "GA30VSD", 6, "special", 1),
    ("AIR2", "2号医用空压机", "gas", "zone_power_3", "GA30VSD", 6, "special", 1),
    ("CH1", "1号离心式冷水机组", "chiller", "zone_medtech_1", "19XR-1000", 9, "category_hvac", 2),
    ("CH2", "2号离心式冷水机组", "chiller", "zone_medtech_1", "19XR-1000", 9, "category_hvac", 3),
    ("CH3", "3号螺杆式冷水机组", "chiller", "zone_medtech_1", "30XW-500", 5, "category_hvac", 1),
    ("CWP1", "1号冷却水泵", "pump", "zone_medtech_1", "KQW250", 9, "category_hvac", 1),
    ("CWP2", "2号冷却水泵", "pump", "zone_medtech_1", "KQW250", 9, "category_hvac", 1),
    ("CWP3", "3号冷却水泵", "pump", "zone_medtech_1", "KQW250", 9, "category_hvac", 0),
    ("CHP1", "1号冷冻水泵", "pump", "zone_medtech_1", "KQW200", 9, "category_hvac", 1),
    ("CHP2", "2号冷冻水泵", "pump", "zone_medtech_1", "KQW200", 9, "category_hvac", 2),
    ("CHP3", "3号冷冻水泵", "pump", "zone_medtech_1", "KQW200", 9, "category_hvac", 0),
    ("CT1", "1号冷却塔", "tower", "zone_medtech_5", "LRCM-500", 9, "category_hvac", 1),
    ("CT2", "2号冷却塔", "tower", "zone_medtech_5", "LRCM-500", 9, "category_hvac", 1),
    ("DWP1", "1号生活给水泵", "pump", "zone_medtech_1", "CDLF32-60", 7, "category_water", 2),
    ("DWP2", "2号生活给水泵", "pump", "zone_medtech_1", "CDLF32-60", 7, "category_water", 1),
    ("DWP3", "3号生活给水泵", "pump", "zone_medtech_1", "CDLF32-60", 7, "category_water", 1),
    ("FP1", "消火栓泵", "pump", "zone_medtech_1", "XBD8/40", 10, "category_water", 0),
    ("FP2", "喷淋泵", "pump", "zone_medtech_1", "XBD8/30", 10, "category_water", 0),
    ("SP1", "1号污水提升泵", "pump", "zone_outpatient_1", "WQ50-15", 6, "category_water", 3),
    ("SP2", "2号污水提升泵", "pump", "zone_outpatient_1", "WQ50-15", 6, "category_water", 2),
    ("AHU4", "4楼病区空调箱", "ahu", "zone_inpatient_4", "39CQ1215", 8, "category_hvac", 1),
    ("AHU6", "6楼病区空调箱", "ahu", "zone_inpatient_6", "39CQ1215", 8, "category_hvac", 2),
    ("AHU7", "7楼病区空调箱", "ahu", "zone_inpatient_7", "39CQ1215", 8, "category_hvac", 5),
    ("AHU8", "8楼病区空调箱", "ahu", "zone_inpatient_8", "39CQ1215", 8, "category_hvac", 1),
    ("AHU10", "10楼病区空调箱", "ahu", "zone_inpatient_10", "39CQ1215", 8, "category_hvac", 1),
    ("OR1", "手术室1号净化空调机组", "ahu", "zone_inpatient_12", "JK-30", 4, "category_hvac", 2),
    ("OR2", "手术室2号净化空调机组", "ahu", "zone_inpatient_12", "JK-30", 4, "category_hvac", 1),
    ("FAU1", "门诊1楼新风机组", "ahu", "zone_outpatient_2", "39G0810", 7, "category_hvac", 1),
    ("FAU2", "门诊2楼新风机组", "ahu", "zone_outpatient_3", "39G0810", 7, "category_hvac", 1),
    ("FAU3", "门诊3楼新风机组", "ahu", "zone_outpatient_4", "39G0810", 7, "category_hvac", 0),
    ("FAU4", "医技楼新风机组", "ahu", "zone_medtech_2", "39G0810", 7, "category_hvac", 1),
    ("EL1", "住院楼1号病床电梯", "elevator", "zone_inpatient_1", "GeN2-MR 1600kg", 8, "special", 2),
    ("EL2", "住院楼2号病床电梯", "elevator", "zone_inpatient_1", "GeN2-MR 1600kg", 8, "special", 1),
    ("EL3", "住院楼3号客梯", "elevator", "zone_inpatient_1", "3300AP 1000kg", 8, "special", 4),
    ("EL4", "住院楼4号客梯", "elevator", "zone_inpatient_1", "3300AP 1000kg", 8, "special", 1),
    ("EL5", "住院楼污物电梯", "elevator", "zone_inpatient_1", "3300AP 1000kg", 8, "special", 1),
    ("EL6", "门诊楼1号扶梯", "elevator", "zone_outpatient_2", "9300AE", 7, "special", 2),
    ("EL7", "门诊楼2号客梯", "elevator", "zone_outpatient_2", "3300AP 1000kg", 7, "special", 1),
    ("EL8", "医技楼1号病床电梯", "elevator", "zone_medtech_2", "GeN2-MR 1600kg", 5, "special", 1),
    ("EL9", "医技楼2号客梯", "elevator", "zone_medtech_2", "3300AP 1000kg", 5, "special", 0),
]
CHECKLISTS = {
    # code: (name, [(check, kind, required, min, max, unit)])
    "chiller": ("冷水机组保养表", [
        ("冷凝器清洗", "pass_fail", True, 0, 0, ""),
        ("冷冻水出水温度", "number", True, 5, 9, "℃"),
        ("蒸发器压力", "number", True, 250, 400, "kPa"),
        ("运行噪音、振动正常", "pass_fail", True, 0, 0, ""),
        ("备注", "text", False, 0, 0, ""),
    ]),
    "switchgear": ("配电柜巡检表", [
        ("柜内无异味、无异响", "pass_fail", True, 0, 0, ""),
        ("母线温度", "number", True, 0, 70, "℃"),
        ("A相电流", "number", True, 0, 1600, "A"),
        ("仪表指示正常", "pass_fail", True, 0, 0, ""),
        ("现场照片", "photo", False, 0, 0, ""),
    ]),
    "elevator": ("电梯日检表", [
        ("轿厢照明、通风正常", "pass_fail", True, 0, 0, ""),
        ("平层准确", "pass_fail", True, 0, 0, ""),
        ("紧急呼叫畅通", "pass_fail", True, 0, 0, ""),
    ]),
    "gas": ("医用气体巡检表", [
        ("汇流排压力", "number", True, 0.4, 0.6, "MPa"),
        ("管路无泄漏", "pass_fail", True, 0, 0, ""),
        ("切换装置正常", "pass_fail", True, 0, 0, ""),
    ]),
    "boiler": ("锅炉保养表", [
        ("蒸汽压力", "number", True, 0.5, 1.0, "MPa"),
        ("水位计正常", "pass_fail", True, 0, 0, ""),
        ("安全阀校验在有效期内", "pass_fail", True, 0, 0, ""),
        ("排污", "pass_fail", True, 0, 0, ""),
    ]),
    "pump": ("水泵保养表", [
        ("出口压力", "number", True, 0.3, 0.8, "MPa"),
        ("轴承温度", "number", True, 0, 75, "℃"),
        ("机械密封无渗漏", "pass_fail", True, 0, 0, ""),
    ]),
    "ahu": ("空调箱保养表", [
        ("更换初效过滤网", "pass_fail", True, 0, 0, ""),
        ("皮带松紧度正常", "pass_fail", True, 0, 0, ""),
        ("送风温度", "number", True, 14, 26, "℃"),
    ]),
}
PLANS = [
    # name, asset codes (or a zone), checklist, repair category, every, unit, mode, lead days
    ("冷水机组季度保养", ["CH1", "CH2", "CH3"], "chiller", "category_hvac", 3, "months", "schedule", 1),
    ("锅炉月度保养", ["BLR1", "BLR2"], "boiler", "special", 1, "months", "schedule", 3),
    ("高低压配电柜月检", ["HV1", "HV2", "TR1", "TR2", "LV1", "LV2", "LV3", "LV4"], "switchgear",
     "category_electric", 1, "months", "schedule", 3),
    ("柴油发电机组月度试机", ["GEN"], None, "category_electric", 1, "months", "schedule", 0),
    ("住院楼电梯半月保养", ["EL1", "EL2", "EL3", "EL4", "EL5"], "elevator", "special", 2, "weeks",
     "completion", 0),
    ("门诊医技楼电梯半月保养", ["EL6", "EL7", "EL8", "EL9"], "elevator", "special", 2, "weeks",
     "completion", 0),
    ("医用气体汇流排周检", ["O2M", "N2OM"], "gas", "special", 1, "weeks", "schedule", 0),
    ("医用真空泵月度保养", ["VAC1", "VAC2"], "gas", "special", 1, "months", "completion", 2),
    ("生活给水泵月度保养", ["DWP1", "DWP2", "DWP3"], "pump", "category_water", 1, "months", "schedule", 2),
    ("病区空调箱季度换滤网", ["AHU4", "AHU6", "AHU7", "AHU8", "AHU10"], "ahu", "category_hvac", 3,
     "months", "schedule", 1),
    ("手术室净化空调月度保养", ["OR1", "OR2"], "ahu", "category_hvac", 1, "months", "schedule", 2),
    ("配电房年度预防性试验", "zone_power_2", None, "category_electric", 1, "years", "schedule", 2),
    ("水泵房月度清洁检查", "zone_medtech_1", None, "category_water", 1, "months", "schedule", 0),
]
FAULTS = {
    "boiler": ["燃烧器点火失败", "水位报警", "安全阀起跳"],
    "switchgear": ["断路器跳闸", "电流表指示异常", "柜内温度过高"],
    "gas": ["真空泵压力不足", "汇流排切换失灵", "空压机过热停机"],
    "chiller": ["冷水机组高压报警", "出水温度偏高", "压缩机异响"],
    "pump": ["水泵机械密封漏水", "水泵不启动", "出口压力不足"],
    "ahu": ["空调箱皮带断裂", "送风量不足", "凝结水盘漏水"],
    "elevator": ["电梯困人", "电梯门关不上", "平层不准"],
    "tower": ["冷却塔风机异响", "布水器堵塞"],
    "generator": ["发电机组启动失败", "蓄电池电压低"],
}


def _archive_office_demo(env):
    """Odoo's maintenance demo is an office (laptops, printers, monitors):
    the hospital's ledger is its plant, so those leave it."""
    office = env["ir.model.data"].search([
        ("model", "=", "maintenance.equipment"),
        ("module", "in", ("maintenance", "hr_maintenance"))])
    env["maintenance.equipment"].browse(office.mapped("res_id")).exists().active = False


def generate(env):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                           mail_notrack=True, mail_create_nosubscribe=True,
                           mail_auto_subscribe_no_notify=True))
    ref = env.ref
    if not ref("hospital_repair.zone_campus_demo", raise_if_not_found=False):
        return True  # the core demo was not generated
    if ref("hospital_repair.equipment_CH1_demo", raise_if_not_found=False):
        return True
    random.seed(SEED)
    _archive_office_demo(env)
    now = fields.Datetime.now().replace(microsecond=0)
    today = now.date()
    special = _record(env, "hospital.repair.category", "category_special_equipment", {
        "name": "特种设备维保", "code": "SPEC", "sequence": 65,
        "response_hours": 1, "completion_hours": 24})
    categories = {key: ref(f"hospital_repair.{key}") for key in (
        "category_water", "category_electric", "category_hvac")}
    categories["special"] = special
    logistics = ref("hospital_repair.department_logistics_demo")
    eq_categories = {code: _record(env, "maintenance.equipment.category",
                                   f"equipment_category_{code}", {"name": name})
                     for code, name in CATEGORIES}
    assets = {}
    for code, name, cat, zone, model, years, _repair_cat, _weight in ASSETS:
        assets[code] = _record(env, "maintenance.equipment", f"equipment_{code}", {
            "name": name, "category_id": eq_categories[cat].id, "model": model,
            "serial_no": f"{code}-{random.randint(100000, 999999)}",
            "repair_zone_id": ref(f"hospital_repair.{zone}_demo").id,
            "effective_date": today - relativedelta(years=years, days=random.randint(0, 200)),
            "equipment_assign_to": "department",
            "department_id": ref(f"hospital_repair.department_{USING_DEPARTMENTS[zone]}_demo").id
            if zone in USING_DEPARTMENTS else logistics.id,
            "lifecycle": "in_use", "cost": random.randint(5, 300) * 10000,
        })
    templates = {}
    for code, (name, lines) in CHECKLISTS.items():
        templates[code] = _record(env, "hospital.repair.checklist.template",
                                  f"checklist_{code}", {"name": name, "line_ids": [
                                      (0, 0, {"sequence": seq, "name": check, "kind": kind,
                                              "required": required, "min_value": low,
                                              "max_value": high, "unit": unit})
                                      for seq, (check, kind, required, low, high, unit)
                                      in enumerate(lines, start=1)]})
    start = today - relativedelta(months=6)
    plans = env["hospital.repair.pm.plan"]
    for index, (name, what, template, category, every, unit, mode, lead) in enumerate(PLANS):
        vals = {
            "name": name, "category_id": categories[category].id,
            "template_id": templates[template].id if template else False,
            "interval_number": every, "interval_type": unit, "schedule_mode": mode,
            "lead_days": lead, "date_start": start + timedelta(days=index % 7),
        }
        if isinstance(what, str):
            vals["zone_id"] = ref(f"hospital_repair.{what}_demo").id
        else:
            vals["equipment_ids"] = [(6, 0, [assets[code].id for code in what])]
        plans |= _record(env, "hospital.repair.pm.plan", f"pm_plan_{index + 1:02d}", vals)
    _pm_history(env, plans, now)
    _failures(env, assets, categories, now)
    routes = _routes(env, assets, templates, categories)
    _patrol_history(env, routes, now)
    # the last scrapped and out-of-service items of the ledger
    old = _record(env, "maintenance.equipment", "equipment_OLDCH", {
        "name": "旧4号活塞式冷水机组", "category_id": eq_categories["chiller"].id,
        "repair_zone_id": ref("hospital_repair.zone_medtech_1_demo").id,
        "effective_date": today - relativedelta(years=19), "lifecycle": "in_use"})
    old.scrap_reason = "使用19年，压缩机烧毁，维修费用超过残值，经设备委员会批准报废"
    old.action_scrap()
    assets["FP2"].action_stop()
    return True


def _record(env, model, xmlid, values):
    return env[model]._load_records(
        [{"xml_id": f"hospital_repair.{xmlid}_demo", "values": values, "noupdate": True}])


def _order_name(env, at):
    return env["ir.sequence"].with_context(ir_sequence_date=at).next_by_code(
        "hospital.repair.order")


def _closed_vals(zone, at, hours):
    """The stamps of an order reported at ``at``, worked for ``hours`` and closed."""
    worker = zone._get_responsible_user(at)
    work = timedelta(hours=hours)
    done = at + work
    # a short job (a patrol's fix on the spot) is accepted and started
    # within its own span: the stamps never run backwards
    accepted = at + min(timedelta(minutes=random.randint(3, 40)), work / 4)
    return {
        "date_reported": at, "date_accepted": accepted,
        "user_id": worker.id, "date_assigned": accepted + min(timedelta(minutes=5), work / 4),
        "date_started": at + min(timedelta(hours=1), work / 2), "date_done": done,
        "result": "success",
        "work_note": "已处理，运行正常", "date_verified": done + timedelta(hours=random.randint(2, 30)),
        "date_closed": done + timedelta(days=2), "state": "closed",
    }


def _local(env, day, hour):
    """``hour`` o'clock of ``day`` in Shanghai, in UTC."""
    local = SHANGHAI.localize(datetime.combine(day, time(hour, 0)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def _pm_history(env, plans, now):
    """The orders of the past six months of each plan: most done by their
    due date, some late, a few still open; the plans' next dates follow."""
    Order = env["hospital.repair.order"]
    today = now.date()
    for plan in plans:
        vals_list, lines = [], []
        due = plan.date_start
        while due <= today:
            reported = _local(env, due - timedelta(days=plan.lead_days), 8)
            vals = dict(plan._order_values(due), appointment_date=False,
                        name=_order_name(env, reported))
            if due >= today - timedelta(days=2):
                vals.update(state="assigned", date_reported=reported, date_accepted=reported,
                            user_id=plan.zone_id._get_responsible_user(reported).id,
                            date_assigned=reported)
            else:
                late = random.random() < 0.12
                hours = random.uniform(2, 6) + (24 * random.randint(2, 6) if late else 0)
                vals.update(_closed_vals(plan.zone_id, _local(env, due, 9), hours))
                vals["date_reported"] = reported
            vals_list.append(vals)
            lines.append(plan._checklist_values())
            due = plan._next_date_after(due)
            if plan.schedule_mode == "completion" and vals["state"] == "closed":
                due = vals["date_done"].date() + plan._step()
        with transition_writes():
            orders = Order._create_history(vals_list)
            env["hospital.repair.checklist.line"].sudo().create([
                dict(line, order_id=order.id, **(_filled(line) if order.state == "closed" else {}))
                for order, order_lines in zip(orders, lines, strict=True) for line in order_lines])
        plan.date_next = due if plan.schedule_mode == "schedule" else orders[-1:].pm_date_due
        plan._sync_next_date()


def _filled(line):
    kind = line["kind"]
    if kind == "pass_fail":
        return {"value_pass": "pass" if random.random() < 0.97 else "fail"}
    if kind == "number":
        low, high = line["min_value"], line["max_value"]
        value = random.uniform(low + (high - low) * 0.2, high - (high - low) * 0.2)
        if random.random() < 0.04:
            value = high * 1.1 + 0.1
        return {"value_number": round(value, 2)}
    if kind == "text":
        return {"value_text": random.choice(["", "运行正常", "已清洁"])} if line["required"] else {}
    return {}


def _failures(env, assets, categories, now):
    """Corrective orders of the equipments over six months, more for the
    troublesome ones; a few still open (the equipment is under repair)."""
    by_code = {row[0]: row for row in ASSETS}
    reporters = env["res.users"].search([("login", "in", ("logistics_staff", "logistics_leader"))])
    vals_list = []
    for code, equipment in assets.items():
        _c, _n, cat, _z, _m, _y, repair_cat, weight = by_code[code]
        for _i in range(weight):
            at = now - timedelta(days=random.uniform(3, 180), hours=random.randint(0, 10))
            at = at.replace(microsecond=0)
            zone = equipment.repair_zone_id
            vals = {
                "name": _order_name(env, at), "channel": random.choice(["phone", "qr", "patrol"]),
                "reporter_id": random.choice(reporters).id, "zone_id": zone.id,
                "equipment_id": equipment.id, "category_id": categories[repair_cat].id,
                "description": f"{equipment.name}：{random.choice(FAULTS[cat])}",
                "contact_phone": "8123",
            }
            vals.update(_closed_vals(zone, at, random.uniform(1, 30)))
            vals_list.append(vals)
    # open right now: the troublesome vacuum pump and a passenger lift
    for code, hours_ago in (("VAC2", 5), ("EL3", 2)):
        equipment = assets[code]
        at = now - timedelta(hours=hours_ago)
        vals_list.append({
            "name": _order_name(env, at), "channel": "phone", "reporter_id": reporters[0].id,
            "zone_id": equipment.repair_zone_id.id, "equipment_id": equipment.id,
            "category_id": categories["special"].id, "state": "in_progress",
            "description": f"{equipment.name}：{FAULTS[by_code[code][2]][0]}",
            "date_reported": at, "date_accepted": at + timedelta(minutes=10),
            "user_id": equipment.repair_zone_id._get_responsible_user(at).id,
            "date_assigned": at + timedelta(minutes=12), "date_started": at + timedelta(hours=1),
            "contact_phone": "8123",
        })
    env["hospital.repair.order"]._create_history(vals_list)


def _routes(env, assets, templates, categories):
    ref = env.ref
    power = _record(env, "hospital.repair.patrol.route", "patrol_route_power", {
        "name": "动力中心巡检", "user_id": ref("hospital_repair.user_xuhongwei_demo").id,
        "mon": True, "tue": False, "wed": False, "thu": True, "fri": False, "hour_due": 16.0,
        "template_id": templates["switchgear"].id,
        "checkpoint_ids": [
            (0, 0, {"sequence": 1, "zone_id": ref("hospital_repair.zone_power_2_demo").id,
                    "category_id": categories["category_electric"].id}),
            (0, 0, {"sequence": 2, "equipment_id": assets["BLR1"].id,
                    "category_id": categories["special"].id, "template_id": templates["boiler"].id}),
            (0, 0, {"sequence": 3, "equipment_id": assets["O2M"].id,
                    "category_id": categories["special"].id, "template_id": templates["gas"].id}),
            (0, 0, {"sequence": 4, "equipment_id": assets["VAC1"].id,
                    "category_id": categories["special"].id, "template_id": templates["gas"].id}),
            (0, 0, {"sequence": 5, "equipment_id": assets["CH1"].id,
                    "category_id": categories["category_hvac"].id,
                    "template_id": templates["chiller"].id}),
        ],
    })
    lifts = _record(env, "hospital.repair.patrol.route", "patrol_route_lifts", {
        "name": "电梯日检", "user_id": ref("hospital_repair.user_wanghaitao_demo").id,
        "sat": True, "sun": True, "hour_due": 11.0, "template_id": templates["elevator"].id,
        "checkpoint_ids": [
            (0, 0, {"sequence": seq, "equipment_id": assets[code].id,
                    "category_id": categories["special"].id})
            for seq, code in enumerate(["EL1", "EL2", "EL3", "EL4", "EL5", "EL6"], start=1)],
    })
    return power | lifts


def _patrol_history(env, routes, now):
    """Rounds of the past (the lifts' daily ones for two months, the power
    centre's for six), most done in time, some missed, a few faults found;
    and today's rounds, to walk."""
    today = now.date()
    Order = env["hospital.repair.order"]
    for route, days in zip(routes, (180, 60), strict=True):
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            rnd = route._create_rounds(day)
            if not rnd:
                continue
            if random.random() < 0.06:
                rnd.state = "missed"
                continue
            started = _local(env, day, 8) + timedelta(minutes=random.randint(0, 60))
            stamp = started
            for visit in rnd.visit_ids:
                stamp += timedelta(minutes=random.randint(4, 15))
                visit.date_scanned = stamp
                with transition_writes():
                    for line in visit.checklist_line_ids:
                        line.write(_filled({"kind": line.kind, "required": line.required,
                                            "min_value": line.min_value,
                                            "max_value": line.max_value}))
                failed = visit.checklist_line_ids.filtered("is_failed")[:1]
                if failed:
                    vals = dict(_closed_vals(visit.zone_id, stamp, random.uniform(0.3, 4)),
                                name=_order_name(env, stamp), channel="patrol",
                                reporter_id=route.user_id.id, zone_id=visit.zone_id.id,
                                equipment_id=visit.equipment_id.id,
                                category_id=visit.checkpoint_id.category_id.id,
                                description=f"巡检发现：{visit.name} {failed.name}异常",
                                patrol_visit_id=visit.id, patrol_line_id=failed.id)
                    Order._create_history([vals])
            rnd.write({"state": "done", "date_started": started,
                       "date_done": stamp + timedelta(minutes=5)})
    routes._create_rounds(today)
