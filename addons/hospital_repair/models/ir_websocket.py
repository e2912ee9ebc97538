from odoo import models
from odoo.http import request

from odoo.addons.bus.websocket import wsrequest

# Session key set by /repair/board: {"id": board id, "token": kiosk token or ""}.
BOARD_SESSION_KEY = "hospital_repair_board"


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """Give the board's channel to a websocket whose session opened it:
        a kiosk holding a valid token, or a desk user. The token is checked
        again at every subscription, so a revoked screen stops hearing."""
        channels = super()._build_bus_channel_list(channels)
        req = request or wsrequest
        granted = req.session.get(BOARD_SESSION_KEY) if req and req.session else None
        if isinstance(granted, dict) and isinstance(granted.get("id"), int):
            Board = self.env["hospital.repair.board"]
            board = Board.browse(granted["id"])
            if Board._get_board_config(board.id) and (
                board._check_token(granted.get("token"))
                or (not granted.get("token")
                    and self.env.user.has_group("hospital_repair.group_repair_dispatcher"))
            ):
                channels.append(board.sudo()._bus_channel())
        return channels
