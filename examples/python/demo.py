#!/usr/bin/python3
"""The cliquet demo in Python: three devices share an encrypted room.

Alice's phone, Bob's laptop and Bob's phone each hold an account and
publish one-time keys to a pretend server. Each device makes a Megolm
session for the room and sends its room key to the two others over Olm.
They talk in the room; every device decrypts every other device's messages
and says what authenticated them. Then the apps restart from pickles and
the conversation carries on. `make demo` runs the C version.

SPDX-License-Identifier: Apache-2.0
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import cliquet
from cliquet import (Account, InboundGroupSession, OlmMessage, OutboundGroupSession,
                     Session)

ROOM_ID = "!situation-room:gouv.example"

# The key that seals the pickles. A real app keeps a random one in the
# system's key store; the demo uses a constant so it needs no key store.
PICKLE_KEY = b"demo key: keep yours in a vault\0"


class Device:
    def __init__(self, name: str, peers: int) -> None:
        self.name = name
        self.account = Account()
        self.keys = self.account.identity_keys
        # The pretend server's stock of this device's one-time keys.
        self.account.generate_one_time_keys(peers)
        self.published = [key for _, key in self.account.one_time_keys]
        self.account.mark_keys_as_published()
        self.olm: dict[str, Session] = {}
        self.room_out = OutboundGroupSession()
        self.room_in: dict[str, InboundGroupSession] = {}
        print(f"  {name:<11} identity key curve25519:{self.keys.curve25519[:8]}..., "
              f"{peers} one-time keys published")

    def close(self) -> None:
        for obj in [self.account, self.room_out, *self.olm.values(), *self.room_in.values()]:
            obj.close()


def olm_send(sender: Device, to: Device, payload: str) -> str:
    """Sends payload over Olm, opening the session on either side if needed."""
    if to.name not in sender.olm:
        sender.olm[to.name] = sender.account.create_outbound_session(
            to.keys.curve25519, to.published.pop(0))
    message = sender.olm[to.name].encrypt(payload)
    if sender.name in to.olm:
        result = to.olm[sender.name].decrypt(message)
    else:
        # One step: the session is made by decrypting its first message.
        to.olm[sender.name], result = to.account.create_inbound_session(
            message, sender.keys.curve25519)
    if result.sender_key != sender.keys.curve25519:
        raise SystemExit(f"demo: Olm message not authenticated by {sender.name}'s key")
    kind = "pre-key" if message.type == OlmMessage.PRE_KEY else "normal"
    print(f"  {sender.name:<11} -> {to.name:<11} Olm {kind} message, {len(message.body)} "
          f"bytes, authenticated by {sender.name}'s identity key")
    return result.text


def share_room_key(sender: Device, to: Device) -> None:
    event = {"type": "m.room_key",
             "content": {"algorithm": "m.megolm.v1.aes-sha2", "room_id": ROOM_ID,
                         "session_id": sender.room_out.id,
                         "session_key": sender.room_out.session_key}}
    content = json.loads(olm_send(sender, to, json.dumps(event)))["content"]
    inbound = InboundGroupSession(content["session_key"])
    if inbound.id != content["session_id"]:
        raise SystemExit("demo: room key for the wrong session")
    to.room_in[sender.name] = inbound


def room_say(devices: list[Device], sender: Device, text: str) -> int:
    message = sender.room_out.encrypt(text)
    print(f'  {sender.name:<11} says "{text}" ({len(message)}-byte Megolm message)')
    read = 0
    for device in devices:
        if device is sender:
            continue
        result = device.room_in[sender.name].decrypt(message)
        if result.text != text:
            raise SystemExit(f"demo: {device.name} decrypted something else")
        how = "IMPORTED, not from" if result.imported else "keyed over Olm by"
        print(f"    {device.name:<11} reads it: index {result.message_index}, "
              f"Megolm session {result.session_id[:8]}... {how} {sender.name}")
        read += 1
    return read


def restart(devices: list[Device], store: Path, key: bytes) -> None:
    """Every object to a native pickle file, freed, and restored."""
    files = 0
    for d in devices:
        (store / f"{d.name}.account").write_text(d.account.pickle(key))
        (store / f"{d.name}.room-out").write_text(d.room_out.pickle(key))
        for peer, s in d.olm.items():
            (store / f"{d.name}.olm-{peer}").write_text(s.pickle(key))
        for peer, g in d.room_in.items():
            (store / f"{d.name}.room-in-{peer}").write_text(g.pickle(key))
        files += 2 + len(d.olm) + len(d.room_in)
        d.close()
    size = sum(f.stat().st_size for f in store.iterdir())
    print(f"  {files} native pickles, {size} bytes in all; every object freed")
    for d in devices:
        d.account = Account.from_pickle((store / f"{d.name}.account").read_text(), key)
        d.room_out = OutboundGroupSession.from_pickle(
            (store / f"{d.name}.room-out").read_text(), key)
        d.olm = {peer: Session.from_pickle((store / f"{d.name}.olm-{peer}").read_text(), key)
                 for peer in d.olm}
        d.room_in = {peer: InboundGroupSession.from_pickle(
            (store / f"{d.name}.room-in-{peer}").read_text(), key) for peer in d.room_in}
    print("  every object restored from its pickle")


def main() -> int:
    print(f"cliquet {cliquet.version()} demo (Python): one room, three devices\n")
    names = ["alice-phone", "bob-laptop", "bob-phone"]
    print("1. Devices start and publish one-time keys")
    devices = [Device(name, len(names) - 1) for name in names]

    print("\n2. Each device shares its room key with the others over Olm")
    for sender in devices:
        for to in devices:
            if to is not sender:
                share_room_key(sender, to)

    print("\n3. They talk in the room")
    read = room_say(devices, devices[0], "Briefing moved to 14:00.")
    read += room_say(devices, devices[1], "Understood, I will bring the report.")
    read += room_say(devices, devices[2], "On my way, reading this on my phone.")
    read += room_say(devices, devices[0], "Thanks both.")

    print("\n4. The apps restart")
    with tempfile.TemporaryDirectory(prefix="cliquet-demo-") as store:
        restart(devices, Path(store), PICKLE_KEY)

    print("\n5. The conversation carries on")
    olm_send(devices[0], devices[1], "Back online.")
    read += room_say(devices, devices[1], "Report attached to the calendar entry.")
    read += room_say(devices, devices[2], "Got it.")
    for d in devices:
        d.close()
    print(f"\nOK: {read} of {read} room messages decrypted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
