"""After-contact work: each interaction's queue, and when its wrap-up runs out.

The queues come from the shipped ``resources/wrapup.yaml``, read once per
process: every wrap-up, every call that ends and the sweeper ask for them.
"""

from datetime import datetime
from functools import cache

from desk_app.domain.wrapup import QueueWrapUp, queue_for, shipped_queues
from desk_app.server.interactions.models import Interaction


@cache
def queues() -> dict[str, QueueWrapUp]:
    return shipped_queues()


def queue_of(interaction: Interaction) -> QueueWrapUp:
    """The wrap-up queue of ``interaction``: its skill's, else its channel's, else the default."""
    return queue_for(queues(), interaction.skill, str(interaction.channel))


def stamp_deadline(interaction: Interaction, started: datetime) -> None:
    """Entering wrap-up at ``started``: when the queue's ACW rule says it runs out (or never)."""
    interaction.acw_deadline_at = queue_of(interaction).acw.deadline(started)
