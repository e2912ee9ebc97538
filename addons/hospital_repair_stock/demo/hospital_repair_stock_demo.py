"""The demo store: ~40 hardware consumables (五金耗材) with their costs and
stock levels in CNY, a storekeeper, materials issued and returned on past
orders and on the ones in progress, chargeable categories with their price
list, and the settlements of the last two months. Deterministic."""

import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields

from odoo.addons.hospital_repair.tools import transition_writes

SEED = 20261129
# code, name, unit (uom xmlid), cost, sales price, on hand, trades
PRODUCTS = [
    ("WJ-DG01", "T8 LED灯管 1.2米 18W", "uom.product_uom_unit", 18.5, 25.0, 200, "electric"),
    ("WJ-DG02", "T5 LED灯管 0.9米 12W", "uom.product_uom_unit", 14.0, 20.0, 120, "electric"),
    ("WJ-DG03", "LED筒灯 4寸 9W", "uom.product_uom_unit", 22.0, 32.0, 80, "electric"),
    ("WJ-DG04", "LED吸顶灯 24W", "uom.product_uom_unit", 65.0, 90.0, 30, "electric"),
    ("WJ-DG05", "应急照明灯 双头", "uom.product_uom_unit", 78.0, 110.0, 25, "electric"),
    ("WJ-KG01", "86型单联开关", "uom.product_uom_unit", 8.5, 12.0, 150, "electric"),
    ("WJ-KG02", "86型双联开关", "uom.product_uom_unit", 11.0, 16.0, 100, "electric"),
    ("WJ-KG03", "86型五孔插座", "uom.product_uom_unit", 9.5, 14.0, 150, "electric"),
    ("WJ-KG04", "16A空调插座", "uom.product_uom_unit", 15.0, 22.0, 60, "electric"),
    ("WJ-KG05", "小型断路器 C16", "uom.product_uom_unit", 28.0, 40.0, 50, "electric"),
    ("WJ-DX01", "BV2.5平方铜芯线", "uom.product_uom_meter", 2.6, 3.8, 500, "electric"),
    ("WJ-DX02", "电工绝缘胶布", "uom.product_uom_unit", 3.0, 5.0, 100, "electric"),
    ("WJ-FS01", "风扇电容 1.5μF", "uom.product_uom_unit", 4.5, 8.0, 80, "hvac"),
    ("WJ-FS02", "空调启动电容 35μF", "uom.product_uom_unit", 18.0, 28.0, 40, "hvac"),
    ("WJ-FS03", "空调遥控器 通用型", "uom.product_uom_unit", 25.0, 38.0, 30, "hvac"),
    ("WJ-FS04", "空调排水管 16mm", "uom.product_uom_meter", 3.2, 5.0, 200, "hvac"),
    ("WJ-FS05", "新风机过滤网 初效", "uom.product_uom_unit", 35.0, 50.0, 40, "hvac"),
    ("WJ-SL01", "单冷水龙头 铜质", "uom.product_uom_unit", 45.0, 65.0, 40, "water"),
    ("WJ-SL02", "感应水龙头 医用", "uom.product_uom_unit", 260.0, 360.0, 12, "water"),
    ("WJ-SL03", "三角阀 4分", "uom.product_uom_unit", 16.0, 24.0, 100, "water"),
    ("WJ-SL04", "不锈钢编织软管 60cm", "uom.product_uom_unit", 12.0, 18.0, 120, "water"),
    ("WJ-SL05", "马桶进水阀", "uom.product_uom_unit", 38.0, 55.0, 30, "water"),
    ("WJ-SL06", "马桶排水阀", "uom.product_uom_unit", 42.0, 60.0, 30, "water"),
    ("WJ-SL07", "洗手盆下水器", "uom.product_uom_unit", 28.0, 40.0, 40, "water"),
    ("WJ-SL08", "生料带", "uom.product_uom_unit", 1.5, 3.0, 300, "water"),
    ("WJ-SL09", "PPR管 20mm", "uom.product_uom_meter", 6.5, 9.0, 150, "water"),
    ("WJ-MS01", "执手门锁 医院通道型", "uom.product_uom_unit", 120.0, 170.0, 30, "carpentry"),
    ("WJ-MS02", "球形门锁", "uom.product_uom_unit", 55.0, 80.0, 30, "carpentry"),
    ("WJ-MS03", "不锈钢合页 4寸", "uom.product_uom_unit", 9.0, 14.0, 150, "carpentry"),
    ("WJ-MS04", "闭门器 中号", "uom.product_uom_unit", 85.0, 120.0, 20, "carpentry"),
    ("WJ-MS05", "柜门铰链 缓冲", "uom.product_uom_unit", 6.5, 10.0, 200, "carpentry"),
    ("WJ-MS06", "抽屉滑轨 14寸", "uom.product_uom_unit", 18.0, 26.0, 60, "carpentry"),
    ("WJ-MS07", "自攻螺丝 4×30 (100只)", "uom.product_uom_unit", 8.0, 12.0, 80, "carpentry"),
    ("WJ-MS08", "窗户执手", "uom.product_uom_unit", 22.0, 32.0, 50, "carpentry"),
    ("WJ-RD01", "超五类网线", "uom.product_uom_meter", 1.8, 2.8, 1000, "low_voltage"),
    ("WJ-RD02", "RJ45水晶头 (盒装100只)", "uom.product_uom_unit", 35.0, 50.0, 20, "low_voltage"),
    ("WJ-RD03", "网络信息面板 单口", "uom.product_uom_unit", 12.0, 18.0, 80, "low_voltage"),
    ("WJ-RD04", "电话线 四芯", "uom.product_uom_meter", 0.9, 1.5, 500, "low_voltage"),
    ("WJ-RD05", "门禁读卡器", "uom.product_uom_unit", 180.0, 260.0, 10, "low_voltage"),
    ("WJ-RD06", "监控电源适配器 12V2A", "uom.product_uom_unit", 16.0, 25.0, 40, "low_voltage"),
]
# category xmlid: (chargeable, labour price, per, materials charged, price items)
CHARGES = {
    "category_carpentry": (True, 30.0, "flat", "cost", [
        ("更换门锁", 50.0, "把"), ("更换合页", 15.0, "个"), ("调整闭门器", 20.0, "次")]),
    "category_electric": (True, 40.0, "hour", "cost", [
        ("更换灯管", 10.0, "根"), ("更换开关插座", 15.0, "个"), ("线路检修", 60.0, "次")]),
    "category_water": (True, 25.0, "flat", "price", [
        ("疏通下水道", 50.0, "次"), ("更换水龙头", 20.0, "个"), ("更换角阀", 15.0, "个")]),
    "category_low_voltage": (False, 0.0, "flat", "cost", [
        ("网络端口调试", 30.0, "个"), ("布放网线", 5.0, "米")]),
}
STOREKEEPER = ("zhoujianping", "周建平")


def _use_chinese_chart(env):
    """The accounting demo gave the hospital the generic chart in USD before
    the core's demo made it Chinese; Odoo's own loader replaces it (and its
    demo entries) with the Chinese chart, in CNY."""
    company = env.ref("base.main_company")
    if company.chart_template != "cn":
        env["account.chart.template"].try_loading("cn", company, install_demo=True)


def _one_hospital(env):
    """The demo is one hospital: the demo companies of stock ("My Company
    (Chicago)") and of the charts of accounts (l10n_us, l10n_cn) leave the
    users' companies and are archived."""
    main = env.ref("base.main_company")
    others = env["res.company"].search([("id", "!=", main.id)])
    users = env["res.users"].with_context(active_test=False).search(
        [("company_ids", "in", others.ids)])
    for user in users:
        user.company_ids -= others
    env.ref("base.group_multi_company").user_ids -= users
    others.active = False


def generate(env):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                           mail_notrack=True, mail_create_nosubscribe=True,
                           mail_auto_subscribe_no_notify=True, no_reset_password=True))
    if env.ref("hospital_repair_stock.product_wj_dg01_demo", raise_if_not_found=False):
        return True
    random.seed(SEED)
    _use_chinese_chart(env)
    _one_hospital(env)
    env = env(context=dict(env.context, allowed_company_ids=env.ref("base.main_company").ids))
    company = env.ref("base.main_company")
    # stock's demo renames the main company when it comes after the core's
    # (the core installed first, this addon later): the hospital keeps its name
    if company.name == "My Company (San Francisco)":
        company.name = "上海市胸科医院"
    warehouse = env["stock.warehouse"]._get_repair_warehouse(company)
    # the demo hospital names its store and its repair operations in Chinese
    warehouse.name = "后勤五金库"
    warehouse.repair_consume_location_id.name = "维修消耗"
    warehouse.repair_issue_type_id.name = "维修领料"
    warehouse.repair_return_type_id.name = "维修退料"
    products = _products(env, warehouse)
    _storekeeper(env)
    _charges(env)
    _orders(env, products)
    _settlements(env, company)
    return True


def _load(env, model, xmlid, values):
    return env[model]._load_records(
        [{"xml_id": f"hospital_repair_stock.{xmlid}_demo", "values": values, "noupdate": True}])


def _products(env, warehouse):
    categ = env.ref("hospital_repair_stock.product_category_repair_consumables")
    by_trade = {}
    quants = env["stock.quant"]
    for code, name, uom, cost, price, on_hand, trade in PRODUCTS:
        product = _load(env, "product.product", "product_" + code.lower().replace("-", "_"), {
            "name": name, "default_code": code, "type": "consu", "is_storable": True,
            "categ_id": categ.id, "uom_id": env.ref(uom).id, "standard_price": cost,
            "list_price": price,
        })
        by_trade.setdefault(trade, env["product.product"])
        by_trade[trade] |= product
        quants |= env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": product.id, "location_id": warehouse.lot_stock_id.id,
            "inventory_quantity": on_hand,
        })
    # a real inventory adjustment: valued moves into the store
    quants.action_apply_inventory()
    return by_trade


def _storekeeper(env):
    login, name = STOREKEEPER
    groups = env.ref("hospital_repair_stock.group_repair_storekeeper") \
        | env.ref("hospital_repair.group_repair_requester")
    user = _load(env, "res.users", f"user_{login}", {
        "name": name, "login": login, "password": "demo",
        "email": f"{login}@hospital.example.com", "group_ids": [(6, 0, groups.ids)],
        "tz": "Asia/Shanghai", "lang": env.ref("hospital_repair.user_liuzhiming_demo").lang,
    })
    logistics = env["hr.department"].search([("name", "=", "总务科")], limit=1)
    _load(env, "hr.employee", f"employee_{login}", {
        "name": name, "user_id": user.id, "department_id": logistics.id,
    })
    return user


def _charges(env):
    categories = env["hospital.repair.category"]
    for xmlid, (chargeable, labour, per, materials, items) in CHARGES.items():
        category = env.ref(f"hospital_repair.{xmlid}")
        category.write({"chargeable": chargeable, "labour_price": labour,
                        "labour_price_type": per, "material_charge": materials})
        for seq, (name, price, unit) in enumerate(items, start=1):
            _load(env, "hospital.repair.price.item", f"price_{xmlid}_{seq}", {
                "name": name, "price": price, "unit": unit, "category_id": category.id,
                "sequence": seq,
            })
        categories |= category
    # the orders done before these prices were set: their labour as if they
    # had been set all along
    Order = env["hospital.repair.order"]
    done = Order.search([("category_id", "in", categories.ids), ("date_done", "!=", False)])
    env.add_to_compute(Order._fields["labour_cost"], done)
    done.flush_recordset()


def _orders(env, products):
    Order = env["hospital.repair.order"]
    trades = {env.ref(f"hospital_repair.category_{t}"): t for t in products}
    past = Order.search([("state", "in", ("verified", "closed")),
                         ("category_id", "in", [c.id for c in trades])], order="id")
    current = Order.search([("state", "=", "in_progress"),
                            ("category_id", "in", [c.id for c in trades])], order="id")
    past = past.filtered(lambda o: random.random() < 0.45)
    for order in past | current:
        picked = random.sample(list(products[trades[order.category_id]]), k=random.randint(1, 2))
        with transition_writes():
            order.material_line_ids = [fields.Command.create({
                "product_id": product.id,
                "product_uom_qty": random.choice([1, 1, 2, 3]) if product.uom_id.name != "m"
                else random.choice([5, 10, 20]),
            }) for product in picked]
        order._request_materials()
        if order in current and random.random() < 0.5:
            continue  # waiting for the storekeeper
        issue = order.picking_ids
        issue.button_validate()
        when = order.date_started or order.date_assigned or fields.Datetime.now()
        issue.move_ids.write({"date": when})
        issue.write({"date_done": when})
        lines = order.material_line_ids.filtered(lambda m: m.qty_issued > 1)
        if lines and random.random() < 0.4:
            line = lines[0]
            returned = order._return_materials({line: 1.0})
            returned.button_validate()
            later = when + timedelta(hours=2)
            returned.move_ids.write({"date": later})
            returned.write({"date_done": later})
    # the charges every chargeable order got when it was confirmed
    Order.search([("chargeable", "=", True), ("state", "in", ("verified", "closed"))])._refresh_charges()


def _settlements(env, company):
    Settlement = env["hospital.repair.settlement"]
    this_month = fields.Date.context_today(Settlement).replace(day=1)
    older = Settlement._create_for_month(this_month - relativedelta(months=2), company)
    last = Settlement._create_for_month(this_month - relativedelta(months=1), company)
    (older | last).filtered("line_ids").action_confirm()
    for settlement in older.filtered(lambda s: s.state == "confirmed"):
        leader = settlement.department_id.manager_id.name or settlement.department_id.name
        settlement.write({
            "payer": leader, "amount_paid": settlement.amount_total,
            "payment_date": this_month - relativedelta(days=random.randint(3, 20)),
            "payment_note": f"内部转账 {settlement.name}",
        })
        settlement.action_register_payment()
