import json
import logging
import re

from odoo import http
from odoo.http import request

from odoo.addons.bus.websocket import WebsocketConnectionHandler

from ..models.ir_websocket import BOARD_SESSION_KEY

TOKEN_HEADER = "X-Repair-Board-Token"
NOT_FOUND_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>404 Not Found</title></head>"
    "<body><h1>Not Found</h1></body></html>"
)
_TOKEN_IN_URL = re.compile(r"(/repair/board[^\s\"]*?[?&]token=)[^&\s\"]+")


class _RedactBoardToken(logging.Filter):
    """Odoo's HTTP request logger writes the query string at INFO: a kiosk's
    first request (/repair/board?token=…) must not leave its token in the logs."""

    def filter(self, record):
        if "/repair/board" in str(record.msg) or any(
            "/repair/board" in str(arg) for arg in (record.args or ())
        ):
            message = record.getMessage()
            redacted = _TOKEN_IN_URL.sub(r"\1***", message)
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


if not any(isinstance(f, _RedactBoardToken) for f in logging.getLogger("werkzeug").filters):
    logging.getLogger("werkzeug").addFilter(_RedactBoardToken())


class RepairBoardController(http.Controller):

    def _not_found(self):
        return request.make_response(
            NOT_FOUND_PAGE, status=404,
            headers=[("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
        )

    def _is_desk_user(self):
        return bool(request.session.uid) and request.env.user.has_group(
            "hospital_repair.group_repair_dispatcher"
        )

    @staticmethod
    def _parse_id(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0

    def _board_from_session(self):
        """The board this browser was given, re-checked at every request."""
        Board = request.env["hospital.repair.board"]
        granted = request.session.get(BOARD_SESSION_KEY)
        if not isinstance(granted, dict) or not isinstance(granted.get("id"), int):
            return Board
        board = Board.browse(granted["id"])
        if not Board._get_board_config(board.id):
            return Board
        if granted.get("token"):
            return board if board._check_token(granted["token"]) else Board
        return Board._get_board_for_desk(board.id)

    @http.route("/repair/board", type="http", auth="public", methods=["GET"], sitemap=False)
    def board_page(self, token=None, board_id=None, **kwargs):
        Board = request.env["hospital.repair.board"]
        if token is not None:
            board = Board._get_board_by_token(token)
            if not board:
                request.session.pop(BOARD_SESSION_KEY, None)
                return self._not_found()
            # The token moves from the URL into the session, and the address
            # bar (and any later request line) no longer shows it.
            request.session[BOARD_SESSION_KEY] = {"id": board.id, "token": token}
            return request.redirect("/repair/board", code=303, local=True)
        if board_id and self._is_desk_user():
            board = Board._get_board_for_desk(self._parse_id(board_id))
            if not board:
                return self._not_found()
            request.session[BOARD_SESSION_KEY] = {"id": board.id, "token": ""}
            return self._render_board(board)
        board = self._board_from_session()
        if board:
            return self._render_board(board)
        if self._is_desk_user():
            boards = Board.sudo().search([("company_id", "in", request.env.user.company_ids.ids)])
            return request.render("hospital_repair.board_picker", {"boards": boards})
        request.session.pop(BOARD_SESSION_KEY, None)
        return self._not_found()

    def _render_board(self, board):
        config = board._get_board_config(board.id)
        request.update_context(lang=config["lang"])
        board = board.with_context(lang=config["lang"])
        response = request.render("hospital_repair.board_page", {
            "board_id": board.id,
            "board_name": config["name"],
            "labels": json.dumps(board._board_labels()),
            "sound": config["sound"],
            "html_lang": config["lang"].replace("_", "-"),
            "ws_version": WebsocketConnectionHandler._VERSION,
        })
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @http.route(
        "/repair/board/data", type="http", auth="public", methods=["GET", "POST"],
        csrf=False, readonly=True, sitemap=False, save_session=False,
    )
    def board_data(self, board_id=None, **kwargs):
        """The board's JSON. The kiosk token travels in a header (or stays in
        the session), never in the URL, so no request line carries it."""
        Board = request.env["hospital.repair.board"]
        token = request.httprequest.headers.get(TOKEN_HEADER)
        if token:
            board = Board._get_board_by_token(token)
        else:
            board = self._board_from_session()
            if board_id and self._is_desk_user():
                board = Board._get_board_for_desk(self._parse_id(board_id))
        data = board._get_board_data() if board else None
        if not data:
            return self._not_found()
        return request.make_response(
            json.dumps(data, ensure_ascii=False),
            headers=[("Content-Type", "application/json; charset=utf-8"),
                     ("Cache-Control", "no-store")],
        )
