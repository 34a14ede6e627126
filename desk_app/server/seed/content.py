"""Guideline scripts, knowledge-base articles and canned answers."""

from typing import Any

from desk_app.server.seed.context import SeedContext
from desk_app.server.seed.values import DAY, as_json, ts

CATEGORIES = ("technical_issue", "shipping_delay", "billing_error", "returns")

_GREET = {
    "id": "greet",
    "say": "Thank you for contacting us, my name is {agent}. How can I help you today?",
    "next": "identify",
}
_IDENTIFY = {
    "id": "identify",
    "say": "May I have your order number, or the phone number or email on your account?",
    "checklist": ["Customer identified", "Contact details confirmed"],
    "next": "{first}",
}
_CALM = {
    "id": "calm",
    "kind": "de_escalation",
    "say": "I understand how frustrating this is, and I'm going to stay with you until we "
    "have a plan.",
    "tips": ["Lower your pace", "Name the feeling", "Say what you will do next"],
    "next": "{back}",
}
_CLOSE = {
    "id": "close",
    "say": "Is there anything else I can help you with today?",
    "must_say": "This call may be recorded for quality and training purposes.",
    "next": None,
}


def _steps(first: str, body: list[dict[str, Any]]) -> dict[str, Any]:
    identify = dict(_IDENTIFY, next=first)
    calm = dict(_CALM, next=first)
    return {"steps": [_GREET, identify, *body, calm, _CLOSE]}


SCRIPTS: dict[str, tuple[str, dict[str, Any]]] = {
    "technical_issue": (
        "Technical issue: device or connection",
        _steps(
            "symptom",
            [
                {
                    "id": "symptom",
                    "say": "Can you tell me what happens, and since when?",
                    "options": [
                        {"label": "No connection at all", "next": "restart"},
                        {"label": "Slow or dropping", "next": "restart"},
                        {"label": "Customer is upset", "next": "calm"},
                    ],
                },
                {
                    "id": "restart",
                    "say": "Let's restart the device together: unplug it, wait 30 seconds, "
                    "plug it back in.",
                    "checklist": ["Lights checked", "Cables checked", "Restarted"],
                    "options": [
                        {"label": "Fixed", "next": "close"},
                        {"label": "Still failing", "next": "ticket"},
                    ],
                },
                {
                    "id": "ticket",
                    "say": "I'm opening a case with our technical team; you'll hear from us "
                    "within one working day.",
                    "action": "escalate:technical_support",
                    "next": "close",
                },
            ],
        ),
    ),
    "shipping_delay": (
        "Shipping delay",
        _steps(
            "track",
            [
                {
                    "id": "track",
                    "say": "I can see your parcel with {carrier}; its last scan was {last_event}.",
                    "options": [
                        {"label": "Within the expected date", "next": "reassure"},
                        {"label": "Past the expected date", "next": "claim"},
                        {"label": "Customer is upset", "next": "calm"},
                    ],
                },
                {
                    "id": "reassure",
                    "say": "It is still on schedule for {expected_on}; I'll send you the "
                    "tracking link.",
                    "next": "close",
                },
                {
                    "id": "claim",
                    "say": "I'm sorry it's late. I'm opening a claim with the carrier and "
                    "will update you within 48 hours.",
                    "checklist": ["Claim opened", "Follow-up date set"],
                    "action": "escalate:logistics",
                    "next": "close",
                },
            ],
        ),
    ),
    "billing_error": (
        "Billing error",
        _steps(
            "invoice",
            [
                {
                    "id": "invoice",
                    "say": "Which invoice is it about, and what looks wrong on it?",
                    "must_say": "For your security I will never ask for your full card number.",
                    "options": [
                        {"label": "Charged twice", "next": "refund"},
                        {"label": "Wrong amount", "next": "refund"},
                        {"label": "Customer is upset", "next": "calm"},
                    ],
                },
                {
                    "id": "refund",
                    "say": "I've checked the payments: I'm raising a correction with billing now.",
                    "checklist": ["Payments compared", "Refunds above 200 approved"],
                    "action": "escalate:billing",
                    "next": "close",
                },
            ],
        ),
    ),
    "returns": (
        "Returns and exchanges",
        _steps(
            "eligible",
            [
                {
                    "id": "eligible",
                    "say": "Was the order delivered within the last 30 days?",
                    "options": [
                        {"label": "Yes", "next": "label"},
                        {"label": "No", "next": "exception"},
                    ],
                },
                {
                    "id": "label",
                    "say": "I'll email you a prepaid return label; you can also bring it to "
                    "any of our stores.",
                    "next": "close",
                },
                {
                    "id": "exception",
                    "say": "It is outside the return window, but let me check what we can do.",
                    "action": "ask_supervisor",
                    "next": "close",
                },
            ],
        ),
    ),
}

KB = (
    (
        "reset-router",
        "How to reset your router",
        "Hold the reset button for 10 seconds...",
        ["router", "wifi", "technical_issue"],
    ),
    (
        "track-parcel",
        "Tracking a parcel",
        "Every shipment has a tracking number...",
        ["shipping", "tracking"],
    ),
    (
        "return-policy",
        "Our 30-day return policy",
        "Items can be returned within 30 days...",
        ["returns", "refund"],
    ),
    (
        "invoice-explained",
        "Reading your invoice",
        "The invoice lists each order line...",
        ["billing", "invoice"],
    ),
    (
        "payment-methods",
        "Accepted payment methods",
        "We accept cards, bank transfer and PayPal...",
        ["billing", "payment"],
    ),
    (
        "warranty",
        "Warranty and extended warranty",
        "Every device has a two-year warranty...",
        ["warranty", "returns"],
    ),
    (
        "delivery-times",
        "Delivery times by country",
        "Standard delivery takes 2-5 working days...",
        ["shipping"],
    ),
    (
        "lost-parcel",
        "When a parcel is lost",
        "If tracking has not moved for 7 days...",
        ["shipping", "claim"],
    ),
    (
        "store-pickup",
        "Click and collect in store",
        "Orders can be collected from any store...",
        ["store", "orders"],
    ),
    (
        "mesh-setup",
        "Setting up a mesh Wi-Fi system",
        "Place the first unit next to your modem...",
        ["router", "wifi"],
    ),
    (
        "overdue-invoice",
        "Overdue invoices and reminders",
        "We send a reminder 7 days after...",
        ["billing", "overdue"],
    ),
    (
        "data-privacy",
        "Your data and privacy",
        "We keep only what we need to serve you...",
        ["privacy", "account"],
    ),
)

CANNED = (
    ("Greeting", "Hello {name}, thanks for reaching out! I'm looking into this now.", "chat", None),
    ("Tracking link", "Here is your tracking link: {tracking_url}", "chat", "shipping_delay"),
    (
        "Delay apology",
        "I'm sorry your parcel is late. The carrier expects to deliver it by {expected_on}.",
        "email",
        "shipping_delay",
    ),
    (
        "Return label",
        "Your prepaid return label is attached. Drop the parcel at any post office.",
        "email",
        "returns",
    ),
    (
        "Refund confirmed",
        "Your refund of {amount} has been issued and will show within 5 working days.",
        "email",
        "billing_error",
    ),
    (
        "Restart steps",
        "Please unplug the device, wait 30 seconds and plug it back in.",
        "chat",
        "technical_issue",
    ),
    (
        "Ticket opened",
        "I've opened case {ticket} for you; our team will contact you within one working day.",
        None,
        None,
    ),
    ("Closing", "Is there anything else I can help you with today?", "chat", None),
    ("Invoice copy", "A copy of invoice {invoice} is attached.", "email", "billing_error"),
    ("Store hours", "Our stores are open from 9:00 to 17:30, Monday to Saturday.", None, None),
)


def seed_content(ctx: SeedContext) -> None:
    """Scripts (with revisions), knowledge-base articles and canned answers."""
    w, author = ctx.writer, ctx.staff.admin
    written = ts(ctx.history_end - 60 * DAY)
    revised = ts(ctx.history_end - 5 * DAY)
    scripts = w.open(
        "script",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "key",
            "title",
            "category",
            "current_revision",
        ),
    )
    revisions = w.open(
        "script_revision", ("id", "script_id", "revision", "definition", "author_id", "created_at")
    )
    for number, (key, (title, definition)) in enumerate(SCRIPTS.items()):
        script = ctx.new_id()
        latest = 2 if number % 2 == 0 else 1  # some scripts have been revised
        scripts.rows.append(
            (script, latest, written, revised if latest > 1 else written, key, title, key, latest)
        )
        for revision in range(1, latest + 1):
            steps = definition if revision == latest else _older(definition)
            revisions.rows.append(
                (
                    ctx.new_id(),
                    script,
                    revision,
                    as_json(steps),
                    author,
                    revised if revision > 1 else written,
                )
            )
    kb = w.open(
        "kb_article", ("id", "version", "created_at", "updated_at", "slug", "title", "body", "tags")
    )
    for slug, title, body, tags in KB:
        kb.rows.append((ctx.new_id(), 1, written, written, slug, title, body, as_json(tags)))
    canned = w.open(
        "canned_answer",
        ("id", "version", "created_at", "updated_at", "title", "body", "channel", "category"),
    )
    for title, body, channel, category in CANNED:
        canned.rows.append((ctx.new_id(), 1, written, written, title, body, channel, category))
    w.close(scripts, revisions, kb, canned)


def _older(definition: dict[str, Any]) -> dict[str, Any]:
    """The first revision: the same steps without the compliance line added later."""
    return {"steps": [{k: v for k, v in s.items() if k != "must_say"} for s in definition["steps"]]}
