"""The read-only routes are served by the PostgreSQL streaming replica."""

import json

from stack import call_kw, wait_until


def test_read_only_routes_read_the_replica(stack):
    """Replay is paused on the replica and an order is cancelled on the
    primary: the board's data, the requester's portal list and the leader's
    dashboard (read-only routes) still show it open, so they read the
    replica. Once replay resumes, they show the change."""
    db, primary, replica = stack.db, stack.primary, stack.replica
    order_id, name, reporter = primary.psql(
        "SELECT o.id, o.name, u.login FROM hospital_repair_order o"
        "  JOIN res_users u ON u.id = o.reporter_id"
        " WHERE o.state = 'in_progress' ORDER BY o.id LIMIT 1", db).split("|")
    order_id = int(order_id)
    token = primary.psql("SELECT access_token FROM hospital_repair_board WHERE access_token IS NOT NULL"
                         " ORDER BY id LIMIT 1", db)
    requester = stack.session(reporter)
    manager = stack.session("liuzhiming")

    def reads():
        board = stack.board_data(token)
        portal = requester.get(f"{stack.nginx.url}/my/repairs?filterby=open", timeout=60)
        portal.raise_for_status()
        dashboard = call_kw(manager, "hospital.repair.report", "get_dashboard_data")
        return {
            "board": order_id in {o["id"] for o in board["orders"]},
            "board_open": board["counts"]["open"],
            "portal": name in portal.text,
            "dashboard": json.dumps(dashboard, sort_keys=True, ensure_ascii=False),
        }

    before = reads()
    assert before["board"] and before["portal"], before
    replica.psql("SELECT pg_wal_replay_pause()")
    try:
        wait_until(lambda: replica.psql("SELECT pg_get_wal_replay_pause_state()") == "paused", 30,
                   "replay paused")
        # this session does not wait for the paused replica (the others do)
        lsn = primary.psql("SET synchronous_commit = local;"
                           f" UPDATE hospital_repair_order SET state = 'cancelled' WHERE id = {order_id};"
                           " SELECT pg_current_wal_lsn()", db)
        assert primary.psql(f"SELECT state FROM hospital_repair_order WHERE id = {order_id}", db) == "cancelled"
        assert reads() == before
    finally:
        replica.psql("SELECT pg_wal_replay_resume()")
    wait_until(lambda: replica.psql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn") == "t", 30,
               "the replica caught up")
    after = reads()
    try:
        assert not after["board"] and not after["portal"], after
        assert after["board_open"] == before["board_open"] - 1
        assert after["dashboard"] != before["dashboard"]
    finally:
        primary.psql(f"UPDATE hospital_repair_order SET state = 'in_progress' WHERE id = {order_id}", db)
