import Cliquet
import Foundation

// Two devices. Bob uploads a one-time key; Alice claims it and opens an
// Olm session to Bob's device.
let alice = try Account()
let bob = try Account()
try bob.generateOneTimeKeys(count: 1)
let claimed = try bob.oneTimeKeys[0]
try bob.markKeysAsPublished()
let aliceToBob = try alice.createOutboundSession(
    theirIdentityKey: try bob.identityKeys.curve25519,
    theirOneTimeKey: claimed.key)

// Alice's room session; its key goes to Bob over Olm (m.room_key).
let room = try OutboundGroupSession()
let keyMessage = try aliceToBob.encrypt(try room.sessionKey)

// Bob's first message from Alice makes his side of the session.
let (bobToAlice, roomKeyEvent) = try bob.createInboundSession(from: keyMessage)
let aliceKeys = try alice.identityKeys
precondition(roomKeyEvent.senderKey == aliceKeys.curve25519)
let aliceInRoom = try InboundGroupSession(sessionKey: roomKeyEvent.text ?? "")

// Room messages: Megolm. The result says what authenticated it.
let event = try room.encrypt("Hello, room!")
let message = try aliceInRoom.decrypt(event)
precondition(message.text == "Hello, room!")
let roomID = try room.id
precondition(message.sessionID == roomID && message.verified && !message.imported)
print("bob read:", message.text ?? "", "at index", message.messageIndex)

// Every failure is a CliquetError carrying the C status.
do {
    _ = try aliceInRoom.decrypt("not a message")
} catch CliquetError.badBase64 {
    print("refused: not base64")
}

// Save between runs: a 32-byte key the app keeps in the Keychain.
let pickleKey = Data(repeating: 7, count: 32)
let saved = try bobToAlice.pickle(key: pickleKey)
let restored = try Session(pickle: saved, key: pickleKey)
let reply = try restored.encrypt("thanks")
let thanks = try aliceToBob.decrypt(reply)
let sessionID = try restored.id
precondition(thanks.text == "thanks" && thanks.sessionID == sessionID)
print("alice read:", thanks.text ?? "")
