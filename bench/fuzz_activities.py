"""Fuzzing: thousands of generated Teams activities against the real app on loopback.

    python -m bench.fuzz_activities [--count 10000] [--seed 1] [--messages-per-minute 1000000]

Activities are generated with hypothesis from the Activity schema (botbuilder's msrest attribute
map: every field, its type, nested models): valid envelopes with hostile values, mistyped and
missing fields, truncated bodies, deep nesting, odd unicode, huge strings, wrong content types,
and button presses (Action.Execute) with the verbs the bot's cards really use and hostile data.
The server (bench/fuzz_server.py) runs in its own process, local mode, a temporary SQLite
database; its replies go to a fake connector. The target: no response of 500 or more, no error
logged by the server, and its memory flat (after a garbage collection) once warmed up.

The rate limit is set high by default so that the fuzzed turns reach the bot; run once with
--messages-per-minute 30 to fuzz the limiter too. Not part of the test run (it takes minutes).
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from bench.fuzz_server import COORDINATOR, Server, rss_kb, start_server

WARM_UP = 500
SAMPLES_KEPT = 5
COMMANDS = [
    "stap 1", "stap 2", "stap 3", "stap 4", "stap 5", "status", "help", "hulp", "menu", "verder",
    "klaar", "terug", "stop", "voortgang", "geschiedenis", "herinneringen", "mijn gegevens",
    "verwijder mijn gegevens", "ja", "nee", "overzicht", "coördinatoren", "vragen", "tickets",
    "wat als een leerling geen BSN heeft?", "wie tekent de verwerkersovereenkomst?", "41234",
]  # fmt: skip
VERBS = [
    "answer", "back", "step.start", "status", "history", "menu", "alert.read", "faq.feedback",
    "faq.pick", "ticket.open", "ticket.answer", "ticket.draft", "coordination.overview",
    "coordination.board", "privacy.erase.ask", "privacy.erase.confirm", "privacy.erase.cancel",
    "privacy.board.delete", "privacy.board.cancel", "reminders.choose",
]  # fmt: skip
DATA_KEYS = [
    "step", "question", "value", "text", "item", "board", "ticket", "answer", "name", "email",
    "people", "school", "entry", "helpful", "audience", "page", "filter", "choice", "token", "date",
]  # fmt: skip
HOSTILE = [
    "", " ", "\x00", "\t\r\n", "</script><script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "${jndi:ldap://x}",
    "' OR 1=1 --", "\"; DROP TABLE boards; --", "%s%s%n", "../../etc/passwd", "\u202eevil", "\u200b" * 64,
    "e\u0301" * 40, "👩‍👩‍👧‍👦" * 8, "𝕳𝖊𝖑𝖑𝖔", "\ufeff", "NaN", "null", "true", "-1", "9" * 400, "1e309",
    "<at>ECK iD wegwijzer</at>", "<at></at> status", "mailto:x@y", "https://example.invalid/",
    "a:1personalconversationid", "19:x@thread.tacv2;messageid=1", "\\u0000", "\x7f\x80",
]  # fmt: skip
TYPES = [
    "message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "messageUpdate",
    "messageDelete", "event", "typing", "endOfConversation", "invokeResponse", "trace", "command",
    "contactRelationUpdate", "deleteUserData", "suggestion", "handoff",
]  # fmt: skip
INVOKE_NAMES = [
    "adaptiveCard/action", "task/fetch", "task/submit", "composeExtension/query", "signin/verifyState",
    "fileConsent/invoke", "actionableMessage/executeAction", "config/fetch", "tab/fetch", "",
]  # fmt: skip
CONTENT_TYPES = [
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/json; charset=latin-1", "application/json; charset=utf-16", "application/json; charset=nope",
    "application/jsonx", "", "application/activity+json",
]  # fmt: skip
SERVICE_PATHS = ["", "v3", "../../", "%2e%2e/", "?x=1", "#f", "@evil.invalid/", "\\\\evil.invalid", " "]


@dataclass(frozen=True)
class Request:
    kind: str  # which generator made it: the category in the table
    content_type: str | None
    body: bytes


@functools.cache
def text() -> st.SearchStrategy[str]:
    huge = st.builds(
        lambda s, n: s * n,
        st.sampled_from(["a", "é", "😀", "\x00", "<", "\u202e"]),
        st.integers(1_000, 70_000),
    )
    with_command = st.builds(lambda c, h: f"{c} {h}", st.sampled_from(COMMANDS), st.sampled_from(HOSTILE))
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from(HOSTILE),
        st.sampled_from(COMMANDS),
        with_command,
        st.text(st.characters(codec="utf-8"), max_size=300),
        huge,
    )


@functools.cache
def any_json() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=-(2**80), max_value=2**80),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.sampled_from(HOSTILE),
    )
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
        ),
        max_leaves=12,
    )


@functools.cache
def timestamp() -> st.SearchStrategy[str]:
    moments = st.datetimes(
        min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)
    )
    return st.one_of(
        moments.map(lambda d: d.isoformat()), st.sampled_from(["2026-02-30T00:00:00Z", "-1", "today"])
    )


@functools.cache
def of_msrest_type(type_name: str, depth: int) -> st.SearchStrategy[Any]:
    """A value of a msrest type name ('str', '[Entity]', 'ChannelAccount'); sometimes of any other."""
    import botbuilder.schema as schema

    well: st.SearchStrategy[Any]
    if type_name == "str":
        well = text()
    elif type_name == "bool":
        well = st.booleans()
    elif type_name in ("int", "long"):
        well = st.integers(min_value=-(2**70), max_value=2**70)
    elif type_name == "float":
        well = st.floats(allow_nan=False, allow_infinity=False)
    elif type_name == "iso-8601":
        well = timestamp()
    elif type_name == "object":
        well = any_json()
    elif type_name.startswith("[") and type_name.endswith("]"):
        well = st.lists(of_msrest_type(type_name[1:-1], depth + 1), max_size=3)
    elif type_name.startswith("{") and type_name.endswith("}"):
        well = st.dictionaries(st.text(max_size=10), of_msrest_type(type_name[1:-1], depth + 1), max_size=3)
    elif depth < 3 and isinstance(getattr(schema, type_name, None), type):
        well = model(getattr(schema, type_name), depth + 1)
    else:
        well = any_json()
    return st.one_of(well, well, well, any_json())  # mostly the right type


@functools.cache
def model(cls: Any, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object for a botbuilder.schema model: any subset of its fields, by their wire names."""
    fields = {
        spec["key"].split(".")[0]: of_msrest_type(spec["type"], depth) for spec in cls._attribute_map.values()
    }
    return st.fixed_dictionaries({}, optional=fields)


@functools.cache
def card_data() -> st.SearchStrategy[dict[str, Any]]:
    values = st.one_of(
        text(), any_json(), st.sampled_from(["01AB", "41234", "las", "nummervoorziening", "yes", "no"])
    )
    return st.dictionaries(st.sampled_from(DATA_KEYS) | st.text(max_size=8), values, max_size=6)


@functools.cache
def conversation() -> st.SearchStrategy[dict[str, Any]]:
    ids = (
        st.sampled_from([f"a:fuzz-{n}" for n in range(20)])
        | st.sampled_from([f"a:fuzz-{n}" for n in range(20)])
        | text()
    )
    kinds = st.one_of(st.sampled_from(["personal", "channel", "groupChat"]), text())
    return st.fixed_dictionaries({"id": ids}, optional={"conversationType": kinds, "tenantId": text()})


@functools.cache
def sender() -> st.SearchStrategy[dict[str, Any]]:
    people = st.sampled_from([f"29:fuzz-{n}" for n in range(10)])
    aad = st.one_of(st.sampled_from([COORDINATOR, "6b2f1c1e-1111-4a6e-9d1e-000000000001"]), text())
    return st.fixed_dictionaries({"id": people}, optional={"aadObjectId": aad, "name": text()})


@functools.cache
def envelope(service_url: str) -> st.SearchStrategy[dict[str, Any]]:
    """A Teams-shaped activity: its fields of the right types, their values hostile, some missing."""

    urls = st.one_of(
        st.just(service_url),
        st.sampled_from(SERVICE_PATHS).map(lambda p: service_url + p),
        st.sampled_from(["http://127.0.0.1:1/", "https://localhost:1/", "ftp://x/", "", "localhost"]),
    )
    invoke_value = st.fixed_dictionaries(
        {
            "action": st.fixed_dictionaries(
                {
                    "type": st.just("Action.Execute"),
                    "verb": st.sampled_from(VERBS) | text(),
                    "data": card_data(),
                }
            )
        },
        optional={"trigger": st.just("manual")},
    )
    base = st.fixed_dictionaries(
        {
            "type": st.sampled_from(TYPES * 3 + ["message"] * 12 + ["invoke"] * 12) | text(),
            "id": st.sampled_from(["1", "1700000000000"]) | text(),
            "serviceUrl": urls,
            "channelId": st.sampled_from(["msteams", "webchat", ""]) | text(),
            "from": sender(),
            "conversation": conversation(),
            "recipient": st.just({"id": "28:bot", "name": "ECK iD wegwijzer"}),
        },
        optional={
            "text": text(),
            "locale": st.sampled_from(["nl-NL", "en-US", "qa", "xx"]) | text(),
            "name": st.sampled_from(INVOKE_NAMES * 4 + ["adaptiveCard/action"] * 20) | text(),
            "value": invoke_value | invoke_value | card_data() | any_json(),
            "channelData": st.fixed_dictionaries(
                {},
                optional={
                    "tenant": st.fixed_dictionaries({"id": text()}),
                    "team": st.fixed_dictionaries({"id": text()}),
                    "eventType": text(),
                },
            )
            | any_json(),
            "membersAdded": st.lists(sender(), max_size=3) | any_json(),
            "action": st.sampled_from(["add", "remove", "add-upgrade"]) | text(),
            "replyToId": text(),
        },
    )
    return base


@functools.cache
def mistyped(service_url: str) -> st.SearchStrategy[dict[str, Any]]:
    """An envelope with any fields the Activity schema has, of their type or of any other."""
    from botbuilder.schema import Activity

    return st.builds(_merge, envelope(service_url), model(Activity), st.booleans())


def _merge(base: dict[str, Any], extra: dict[str, Any], extra_wins: bool) -> dict[str, Any]:
    keep = {"serviceUrl"}  # never from the schema: a fuzzed address must stay on loopback
    extra = {k: v for k, v in extra.items() if k not in keep}
    return {**base, **extra} if extra_wins else {**extra, **base}


def deep(depth: int, kind: str) -> str:
    return "[" * depth + "]" * depth if kind == "list" else '{"a":' * depth + "1" + "}" * depth


@functools.cache
def requests(service_url: str) -> st.SearchStrategy[Request]:
    """One request: its kind drawn first (weighted), then its body."""
    activities = envelope(service_url)

    def as_json(activity: Any) -> bytes:
        return json.dumps(activity, ensure_ascii=False).encode("utf-8", "surrogatepass")

    kinds: dict[str, st.SearchStrategy[Request]] = {
        "hostile-values": activities.map(lambda a: Request("hostile-values", "application/json", as_json(a))),
        "mistyped": mistyped(service_url).map(lambda a: Request("mistyped", "application/json", as_json(a))),
        "truncated": st.builds(
            lambda body, share: Request("truncated", "application/json", body[: int(len(body) * share)]),
            activities.map(as_json),
            st.floats(0, 0.999),
        ),
        "deep": st.builds(
            lambda a, field, depth, kind: Request(
                "deep",
                "application/json",
                as_json({**a, field: "\x00DEEP\x00"}).replace(
                    b'"\\u0000DEEP\\u0000"', deep(depth, kind).encode()
                ),
            ),
            activities,
            st.sampled_from(["value", "channelData", "entities", "attachments", "conversation", "text"]),
            st.integers(10, 5_000),
            st.sampled_from(["list", "dict"]),
        ),
        "bad-bytes": st.builds(
            lambda a, junk: Request(
                "bad-bytes", "application/json", as_json(a).replace(b'"type"', b'"type' + junk + b'"', 1)
            ),
            activities,
            st.sampled_from([b"\\ud800", b"\xff\xfe", b"\xc0\xaf", b"\\udfff\\ud800", b"\x00", b"\\u0000"]),
        ),
        "content-type": st.builds(
            lambda a, ct: Request("content-type", ct or None, as_json(a)),
            activities,
            st.sampled_from(CONTENT_TYPES),
        ),
        "not-an-object": any_json().map(lambda v: Request("not-an-object", "application/json", as_json(v))),
        "too-big": st.integers(256 * 1024, 400 * 1024).map(
            lambda n: Request("too-big", "application/json", b'{"text":"' + b"a" * n + b'"}')
        ),
    }
    weights = {"hostile-values": 50, "mistyped": 20, "truncated": 6, "deep": 6, "bad-bytes": 5,
               "content-type": 5, "not-an-object": 5, "too-big": 3}  # fmt: skip
    chosen = st.sampled_from([kind for kind, weight in weights.items() for _ in range(weight)])
    return chosen.flatmap(lambda kind: kinds[kind])


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    server_errors: list[tuple[int, Request]] = field(default_factory=list)
    sent: int = 0


class Client:
    """One keep-alive connection to the server; reconnects when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, request: Request) -> int:
        headers = {"Content-Type": request.content_type} if request.content_type is not None else {}
        for attempt in range(2):
            try:
                self.connection.request("POST", "/api/messages", body=request.body, headers=headers)
                response = self.connection.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self._reconnect()
                return response.status
            except (ConnectionError, http.client.HTTPException):
                self._reconnect()
                if attempt:
                    return 0  # the connection broke twice: counted as no answer
        return 0

    def get_json(self, path: str) -> Any:
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        return json.loads(response.read())

    def _reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)


def run(server: Server, count: int, fuzz_seed: int, tally: Tally, client: Client) -> None:
    @seed(fuzz_seed)
    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(st.data())
    def send(data: st.DataObject) -> None:
        request = data.draw(requests(server.service_url))
        status = client.post(request)
        tally.sent += 1
        tally.statuses[status] += 1
        tally.by_kind[request.kind][f"{status // 100}xx" if status else "none"] += 1
        if status >= 500 or status == 0:
            tally.server_errors.append((status, request))

    send()


def shape(request: Request) -> str:
    """What a failing request looked like, without its values: its fields and their types."""
    try:
        body = json.loads(request.body)
    except ValueError:
        return f"{request.kind}: {len(request.body)} bytes, not JSON"
    if not isinstance(body, dict):
        return f"{request.kind}: a JSON {type(body).__name__}"
    fields = ", ".join(f"{k}:{type(v).__name__}" for k, v in list(body.items())[:20])
    kind = str(body["type"]) if isinstance(body.get("type"), str) else "?"
    return f"{request.kind}: type={kind[:20]!r} name={str(body.get('name'))[:30]!r} {{{fields}}}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000, help="activities to send (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--messages-per-minute", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="write the ≥500 requests here, to replay")
    args = parser.parse_args()

    server = start_server(messages_per_minute=args.messages_per_minute)
    client = Client(server.port)
    tally = Tally()
    try:
        at_start = rss_kb(server.process.pid or 0)
        warm = min(WARM_UP, args.count // 10)
        run(server, warm, args.seed + 1, tally, client)
        warmed = client.get_json("/__bench/memory?gc=1")["rss_kb"]
        started = time.perf_counter()
        run(server, args.count - warm, args.seed, tally, client)
        elapsed = time.perf_counter() - started
        after = rss_kb(server.process.pid or 0)
        report = client.get_json("/__bench/memory?gc=1")
    finally:
        server.stop()

    print(
        f"command: python -m bench.fuzz_activities --count {args.count} --seed {args.seed} "
        f"--messages-per-minute {args.messages_per_minute}"
    )
    print()
    print("| status class | responses |")
    print("|---|---:|")
    classes: Counter[str] = Counter()
    for status, number in tally.statuses.items():
        classes[f"{status // 100}xx" if status else "no answer"] += number
    for name in sorted(classes):
        print(f"| {name} | {classes[name]} |")
    print(f"| all | {tally.sent} |")
    print()
    print("| kind | " + " | ".join(["2xx", "4xx", "5xx", "none"]) + " |")
    print("|---|---:|---:|---:|---:|")
    for kind in sorted(tally.by_kind):
        row = tally.by_kind[kind]
        print(f"| {kind} | " + " | ".join(str(row.get(c, 0)) for c in ["2xx", "4xx", "5xx", "none"]) + " |")
    print()
    print("| status code | responses |")
    print("|---|---:|")
    for status in sorted(tally.statuses):
        print(f"| {status} | {tally.statuses[status]} |")
    print()
    print("| server memory (RSS) | MB |")
    print("|---|---:|")
    print(f"| after start-up | {at_start / 1024:.1f} |")
    print(f"| after {warm} warm-up activities, gc | {warmed / 1024:.1f} |")
    print(f"| after all {tally.sent}, before gc | {after / 1024:.1f} |")
    print(f"| after all {tally.sent}, after gc | {report['rss_kb'] / 1024:.1f} |")
    print()
    print(f"requests/s (one client, one at a time, generation included): {(tally.sent - warm) / elapsed:.0f}")
    print(f"responses >= 500 or none: {len(tally.server_errors)}")
    for status, request in tally.server_errors[:SAMPLES_KEPT]:
        print(f"  {status}: {shape(request)}")
    if args.keep and tally.server_errors:
        args.keep.mkdir(parents=True, exist_ok=True)
        for number, (_, request) in enumerate(tally.server_errors):
            (args.keep / f"{number:04d}-{request.kind}.body").write_bytes(request.body)
    errors = report["errors"]
    print(f"errors the server logged: {sum(errors.values())}")
    for line, number in sorted(errors.items(), key=lambda item: -item[1])[:20]:
        print(f"  {number} × {line}")
    return 1 if tally.server_errors or errors else 0


if __name__ == "__main__":
    sys.exit(main())
