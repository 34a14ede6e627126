"""From "an interaction is offered to me" to the banner, the screen pop and an open tab.

The feed says what is offered: an interaction record with status
``offered`` assigned to this rep. At that moment, with no wait, the banner
rings and the screen pop shows the caller found in the local cache (by the
interaction's customer, else by the calling number normalised to E.164 in
the desk's region). Only a caller the cache does not know is looked up on
the server, through the sync thread, and the screen pop fills in when the
answer comes. When the record stops being offered to me the banner lets go.

Accept, decline, call controls, click-to-dial and "new customer" need the
server's answer, so they are requests through the sync thread; failures are
shown where the rep acted (the banner, the tab) or on :attr:`problem`.
Accepting a callback (an outbound call the server queued from a due
callback follow-up) dials it at once through click-to-dial, on that same
interaction; a number the customer asked not to be called on is refused by
the server (409) and the rep reads why in the tab.
There is no offline op for creating a customer (``OP_RESULT_ENTITY`` has no
``customer.create``), so the new-customer form works online only and says so.
"""

import uuid
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.store import LocalStore
from desk_app.domain.enums import Channel, Direction, InteractionStatus
from desk_app.domain.phones import InvalidPhoneError, to_e164
from desk_app.gui.offer.alerter import OfferAlerter
from desk_app.gui.offer.banner import OfferBanner
from desk_app.gui.offer.display import channel_name, display_number, who
from desk_app.gui.offer.screen_pop import ScreenPop
from desk_app.gui.sync_thread import SyncBridge
from desk_app.gui.work.tabs import InteractionTabs

SERVER_MATCHES = 5


def _id(value: Any) -> uuid.UUID | None:
    return None if value in (None, "") else uuid.UUID(str(value))


def reason_of(error: ApiError | None) -> str:
    """The words to show for a failed request."""
    if error is None:
        return ""
    if error.status is None:
        return "the server could not be reached; try again when the desk is online"
    return error.detail


def _is_callback(interaction: dict[str, Any]) -> bool:
    """An outbound call to a customer's number that the rep accepted: a callback to dial."""
    return (
        interaction.get("channel") == Channel.VOICE
        and interaction.get("direction") == Direction.OUTBOUND
        and bool(interaction.get("to_address"))
        and interaction.get("status") == InteractionStatus.ACTIVE
    )


class OfferCoordinator(QObject):
    """Keeps the banner, screen pop, alerter and tabs in step with my offers.

    Invariant: ``_offered`` holds exactly the interactions the banner shows,
    each as its latest record.
    """

    problem = Signal(str)  # something the rep should read (the status bar shows it)

    def __init__(
        self,
        *,
        user_id: uuid.UUID,
        region: str,
        store: LocalStore,
        bridge: SyncBridge,
        banner: OfferBanner,
        screen_pop: ScreenPop,
        alerter: OfferAlerter,
        tabs: InteractionTabs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._user_id = user_id
        self._region = region
        self._store = store
        self._bridge = bridge
        self._banner = banner
        self._screen_pop = screen_pop
        self._alerter = alerter
        self._tabs = tabs
        self._offered: dict[uuid.UUID, dict[str, Any]] = {}
        self._callers: dict[uuid.UUID, dict[str, Any] | None] = {}
        self._popped: uuid.UUID | None = None  # whose caller the screen pop shows
        # connections
        banner.acceptRequested.connect(self.accept)
        banner.declineRequested.connect(self.decline)
        tabs.callCommandRequested.connect(self.call_command)
        tabs.dialRequested.connect(self.dial)
        screen_pop.dialRequested.connect(self.dial)
        screen_pop.createCustomerRequested.connect(self.create_customer)

    # --- what the feed says ----------------------------------------------------

    def interaction_changed(self, record: dict[str, Any]) -> None:
        """A cached interaction changed: ring for a new offer to me, let go of a finished one."""
        interaction_id = uuid.UUID(str(record["id"]))
        offered_to_me = (
            record.get("status") == InteractionStatus.OFFERED
            and _id(record.get("assigned_agent_id")) == self._user_id
        )
        if not offered_to_me:
            self._let_go(interaction_id)
            return
        if interaction_id in self._offered:
            self._offered[interaction_id] = record
            self._banner.show_offer(record, self._callers.get(interaction_id))
            return
        self._offered[interaction_id] = record
        self._forget_callers()
        caller = self._cached_caller(record)
        self._callers[interaction_id] = caller
        self._banner.show_offer(record, caller)
        self._popped = interaction_id
        if caller is not None:
            self._screen_pop.show_customer(caller)
        else:
            self._screen_pop.clear()
            self._look_up_on_server(interaction_id, record)
        # the alerter rings only when the window is not in front
        self._alerter.start(
            self.tr("{channel} for you").format(channel=channel_name(record.get("channel"))),
            who(record, caller),
        )

    def interaction_removed(self, interaction_id: uuid.UUID) -> None:
        """The interaction left this desk's sight."""
        self._let_go(interaction_id)

    def _let_go(self, interaction_id: uuid.UUID) -> None:
        if self._offered.pop(interaction_id, None) is None:
            return
        self._banner.withdraw(interaction_id)
        if not self._offered:
            self._alerter.stop()
        if self._popped == interaction_id and interaction_id not in self._tabs.open_ids():
            self._screen_pop.clear()
            self._popped = None

    # --- who is calling ----------------------------------------------------------

    def _forget_callers(self) -> None:
        """Keep the callers of offers and open tabs only (a day of calls adds up)."""
        keep = set(self._offered) | set(self._tabs.open_ids())
        self._callers = {key: caller for key, caller in self._callers.items() if key in keep}

    def _cached_caller(self, record: dict[str, Any]) -> dict[str, Any] | None:
        """The caller from the local cache only: the record's customer, else by number."""
        customer_id = _id(record.get("customer_id"))
        if customer_id is not None:
            return self._store.record("customer", customer_id)
        number = self._e164(record.get("from_address"))
        if number is None:
            return None
        matches = self._store.customers_by_phone(number)
        return matches[0] if matches else None

    def _e164(self, raw: Any) -> str | None:
        if not isinstance(raw, str) or not raw.strip():
            return None
        try:
            return to_e164(raw, region=self._region)
        except InvalidPhoneError:
            return None

    def _look_up_on_server(self, interaction_id: uuid.UUID, record: dict[str, Any]) -> None:
        customer_id = _id(record.get("customer_id"))
        raw = record.get("from_address")
        number = self._e164(raw)
        if customer_id is not None:

            def by_id(api: DeskApi) -> list[dict[str, Any]]:
                return [api.get_customer(customer_id)]

            work = by_id
        elif isinstance(raw, str) and raw.strip():
            query = number or raw.strip()

            def by_contact(api: DeskApi) -> list[dict[str, Any]]:
                return api.search_customers(query, limit=SERVER_MATCHES)

            work = by_contact
        else:
            return
        self._bridge.request(work, partial(self._found_on_server, interaction_id, raw))

    def _found_on_server(
        self,
        interaction_id: uuid.UUID,
        raw: Any,
        matches: list[dict[str, Any]] | None,
        error: ApiError | None,
    ) -> None:
        if self._popped != interaction_id:
            return  # another offer rings now
        record = self._offered.get(interaction_id)
        caller = matches[0] if matches else None
        if caller is None:
            # a caller no one knows (or the server is away): the new-customer form, by number
            number = self._e164(raw)
            if number is not None:
                self._screen_pop.show_unknown(number, self._region)
            return
        self._callers[interaction_id] = caller
        if record is not None:
            self._banner.show_offer(record, caller)
        self._screen_pop.show_customer(caller)
        self._tabs.set_customer(interaction_id, caller)  # accepted before the answer came

    # --- what the rep asks for ----------------------------------------------------

    def accept(self, interaction_id: uuid.UUID) -> None:
        def work(api: DeskApi) -> dict[str, Any]:
            return api.accept(interaction_id)

        self._bridge.request(work, partial(self._accepted, interaction_id))

    def _accepted(
        self, interaction_id: uuid.UUID, interaction: dict[str, Any] | None, error: ApiError | None
    ) -> None:
        if interaction is None:
            self._banner.show_error(
                interaction_id,
                self.tr("Could not accept: {reason}").format(reason=reason_of(error)),
            )
            return
        caller = self._callers.get(interaction_id)
        self._let_go(interaction_id)
        self._popped = interaction_id
        if caller is not None:  # the screen pop keeps the caller while the tab is open
            self._screen_pop.show_customer(caller)
        self._tabs.open_interaction(interaction, caller)
        if _is_callback(interaction):
            self._dial_callback(interaction)

    def _dial_callback(self, interaction: dict[str, Any]) -> None:
        interaction_id = uuid.UUID(str(interaction["id"]))
        number = str(interaction["to_address"])
        customer_id = _id(interaction.get("customer_id"))

        def work(api: DeskApi) -> dict[str, Any]:
            return api.dial(number, customer_id, interaction_id=interaction_id)

        self._bridge.request(work, partial(self._called_back, interaction_id, number))

    def _called_back(
        self,
        interaction_id: uuid.UUID,
        number: str,
        interaction: dict[str, Any] | None,
        error: ApiError | None,
    ) -> None:
        shown = display_number(number)
        if interaction is None:
            text = self.tr("The callback to {number} was not dialled: {reason}").format(
                number=shown, reason=reason_of(error)
            )
            self._tabs.show_command_error(interaction_id, text)
            self.problem.emit(text)
            return
        self._tabs.update_interaction(interaction)
        self.problem.emit(self.tr("Calling {number} back…").format(number=shown))

    def decline(self, interaction_id: uuid.UUID) -> None:
        def work(api: DeskApi) -> None:
            api.decline(interaction_id)

        self._bridge.request(work, partial(self._declined, interaction_id))

    def _declined(self, interaction_id: uuid.UUID, _result: None, error: ApiError | None) -> None:
        if error is not None:
            self._banner.show_error(
                interaction_id,
                self.tr("Could not decline: {reason}").format(reason=reason_of(error)),
            )
            return
        self._let_go(interaction_id)

    def call_command(
        self, interaction_id: uuid.UUID, command: str, target_type: Any, target: Any
    ) -> None:
        def work(api: DeskApi) -> dict[str, Any]:
            return api.call_command(interaction_id, command, target_type, target)

        self._bridge.request(work, partial(self._commanded, interaction_id))

    def _commanded(
        self, interaction_id: uuid.UUID, _sent: dict[str, Any] | None, error: ApiError | None
    ) -> None:
        # success shows when the PBX's events change the call's record, never before
        if error is not None:
            self._tabs.show_command_error(interaction_id, reason_of(error))

    def dial(self, number: str) -> None:
        """Click-to-dial, linked to the cached customer with that number, if any."""
        e164 = self._e164(number)
        known = self._store.customers_by_phone(e164) if e164 else []
        customer_id = _id(known[0]["id"]) if known else None

        def work(api: DeskApi) -> dict[str, Any]:
            return api.dial(number, customer_id)

        self._bridge.request(work, partial(self._dialled, number))

    def _dialled(
        self, number: str, interaction: dict[str, Any] | None, error: ApiError | None
    ) -> None:
        if interaction is None:
            self.problem.emit(
                self.tr("Could not call {number}: {reason}").format(
                    number=display_number(number), reason=reason_of(error)
                )
            )
            return
        customer_id = _id(interaction.get("customer_id"))
        caller = self._store.record("customer", customer_id) if customer_id else None
        self._tabs.open_interaction(interaction, caller)

    def create_customer(self, payload: dict[str, Any]) -> None:
        """The screen pop's new-customer form: created on the server (there is no offline op)."""

        def work(api: DeskApi) -> dict[str, Any]:
            return api.create_customer(payload)

        self._bridge.request(work, partial(self._created, self._popped))

    def _created(
        self,
        interaction_id: uuid.UUID | None,
        customer: dict[str, Any] | None,
        error: ApiError | None,
    ) -> None:
        if customer is None:
            self.problem.emit(
                self.tr("The customer was not created: {reason}").format(reason=reason_of(error))
            )
            return
        if interaction_id is not None and self._popped == interaction_id:
            self._callers[interaction_id] = customer
            record = self._offered.get(interaction_id)
            if record is not None:
                self._banner.show_offer(record, customer)
            self._tabs.set_customer(interaction_id, customer)
        self._screen_pop.show_customer(customer)
