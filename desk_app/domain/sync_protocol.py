"""The sync protocol's shared vocabulary: what both the server and the desk must agree on."""

from typing import Final

MAX_BATCH: Final = 500
"""Most ops one POST /sync/ops may carry; a larger batch is refused whole."""

OP_RESULT_ENTITY: Final[dict[str, str]] = {
    "customer.update": "customer",
    "note.add": "note",
    "interaction.wrap_up": "interaction",
    "interaction.script": "interaction",
    "interaction.update": "interaction",
    "interaction.reply": "interaction_message",
    "ticket.create": "ticket",
    "ticket.update": "ticket",
    "ticket.escalate": "ticket",
    "ticket.check": "ticket",
    "followup.set": "follow_up",
    "mention.read": "mention",
    "question.ask": "question",
    "question.answer": "question",
    "update.acknowledge": "acknowledgement",
    "handover.add": "handover_note",
    "handover.acknowledge": "handover_ack",
    "agent.state": "agent_profile",
    "order.action": "order_action",
    "shift_report.submit": "shift_report",
}
"""Every op kind, and the entity of the record an applied op answers with."""
