"""The big screen in production: served through nginx by the prefork
workers, live through the gevent process, reading from the replica."""

from browser import Chromium
from stack import call_kw


def test_state_change_reaches_the_board(stack):
    """A kiosk opens the board with its token; the desk accepts an order
    from another session (an HTTP worker of either node). The notification
    goes PostgreSQL → a gevent process → nginx → the screen's websocket, the
    screen refetches its data (a read-only route, from the replica) and the
    row changes in place, without a reload, within seconds: the fallback
    refresh of a live screen comes only after 5 minutes."""
    token = stack.primary.psql(
        "SELECT access_token FROM hospital_repair_board WHERE access_token IS NOT NULL "
        "ORDER BY id LIMIT 1", stack.db)
    desk = stack.session("wangli")
    data = stack.board_data(token)
    submitted = [o["id"] for o in data["orders"] if o["state"] == "submitted"]
    assert submitted, "the demo hospital has orders waiting for the desk"
    order_id = submitted[-1]
    browser = Chromium()
    try:
        browser.navigate(f"{stack.nginx.url}/repair/board?token={token}")
        browser.wait_for("!!document.querySelector('.o_repair_board.o_rb_is_live[data-loaded]')", 90,
                         "the board loaded and its websocket open")
        browser.wait_for(f"document.querySelector('.o_rb_row[data-id=\"{order_id}\"]')"
                         f"?.dataset.state === 'submitted'", 30, "the order on the board")
        browser.evaluate(f"""
            window.__notReloaded = true;
            window.__row = document.querySelector('.o_rb_row[data-id="{order_id}"]');
            true""")
        call_kw(desk, "hospital.repair.order", "action_accept", [order_id])
        browser.wait_for(
            f"document.querySelector('.o_rb_row[data-id=\"{order_id}\"]')?.dataset.state === 'assigned'",
            30, "the accepted order shown on the board")
        assert browser.evaluate(
            f"""window.__notReloaded === true
                && window.__row === document.querySelector('.o_rb_row[data-id="{order_id}"]')
                && document.querySelector('.o_repair_board').classList.contains('o_rb_is_live')""")
    finally:
        browser.close()
    # the screen's data route, compressed by nginx
    response = stack.board_response(token)
    assert response.headers.get("Content-Encoding") == "gzip"
