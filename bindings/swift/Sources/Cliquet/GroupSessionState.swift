// What an inbound Megolm session knows (since ABI 1.1): which of two copies
// of one sender's session to keep (vodozemac's compare / merge /
// advance_to), and which messages it has decrypted (replay detection,
// cliquet's own: neither libolm nor vodozemac has it).
import CCliquet

/// How one inbound session relates to another (vodozemac's
/// `SessionOrdering`). Two sessions are connected when they are copies of
/// one sender's session: the same id and config, and the earlier one's
/// ratchet reaches the later one's. Sendable: a value.
public enum SessionOrdering: Hashable, Sendable {
    /// Connected, with the same first known index.
    case equal
    /// Connected, and this one starts earlier: it decrypts more.
    case better
    /// Connected, and this one starts later.
    case worse
    /// Not copies of one session (another sender, another config, or a
    /// forged export).
    case unconnected

    init(_ c: cliquet_session_ordering) throws {
        switch c {
        case CLIQUET_SESSION_EQUAL: self = .equal
        case CLIQUET_SESSION_BETTER: self = .better
        case CLIQUET_SESSION_WORSE: self = .worse
        case CLIQUET_SESSION_UNCONNECTED: self = .unconnected
        default: throw CliquetError.invalidArgument // not a value of the C enum
        }
    }
}

/// What a session's replay record says of a message it decrypted.
/// Sendable: a value.
public enum ReplayVerdict: Hashable, Sendable {
    /// The session keeps no record (replay detection is off).
    case off
    /// Seen for the first time, and recorded now.
    case firstTime
    /// This very message again: a harmless duplicate, as long as the app
    /// shows it as the event it first came with.
    case sameMessage
    /// Older than every index a full record holds: it cannot tell (and
    /// does not record it).
    case untracked

    init(_ c: cliquet_megolm_replay) throws {
        switch c {
        case CLIQUET_REPLAY_OFF: self = .off
        case CLIQUET_REPLAY_FIRST_TIME: self = .firstTime
        case CLIQUET_REPLAY_SAME_MESSAGE: self = .sameMessage
        case CLIQUET_REPLAY_UNTRACKED: self = .untracked
        default: throw CliquetError.invalidArgument // not a value of the C enum
        }
    }
}

/// The state of a session's replay record. Sendable: a value.
public struct ReplayDetection: Hashable, Sendable {
    /// Whether the session keeps a record.
    public let isEnabled: Bool
    /// How many message indices it holds (at most
    /// `InboundGroupSession.replayRecordCapacity`).
    public let entries: Int
    /// How many indices it has dropped, the lowest first, to make room
    /// since it was turned on.
    public let evicted: UInt32
}

extension InboundGroupSession {
    /// How `self` relates to `other`; changes neither.
    public func compare(_ other: InboundGroupSession) throws -> SessionOrdering {
        var ordering = CLIQUET_SESSION_UNCONNECTED
        try check(cliquet_inbound_group_session_compare(handle, other.handle, &ordering))
        return try SessionOrdering(ordering)
    }

    /// A new session, the best of two connected copies: the one with the
    /// earlier first known index (`self` when equal), verified if either
    /// is, imported only if both are, and both replay records folded.
    /// `CliquetError.unconnectedSessions` if they are not copies of one
    /// session. Changes neither.
    public func merged(with other: InboundGroupSession) throws -> InboundGroupSession {
        InboundGroupSession(handle: try makeObject {
            cliquet_inbound_group_session_merge($0, handle, other.handle)
        })
    }

    /// Forgets every message index before `index`, for good. Returns true
    /// if the session moved (`index` was after its first known index);
    /// otherwise nothing changes.
    @discardableResult
    public func advance(to index: UInt32) throws -> Bool {
        try flag { cliquet_inbound_group_session_advance_to(handle, index, $0) }
    }

    /// How many indices a replay record holds at most (a session's default
    /// rotation, 100 messages, fits).
    public static var replayRecordCapacity: Int { Int(cliquet_megolm_replay_max_entries()) }

    /// Turns the replay record on (kept if on already) or off (its entries
    /// wiped). Off by default. The record is kept in native pickles; a
    /// session with it on cannot be written in libolm's format
    /// (`CliquetError.pickleLossy`; `pickleLibolm(key:lossy:)` drops it).
    public func setReplayDetection(_ enabled: Bool) throws {
        try check(cliquet_inbound_group_session_set_replay_detection(handle, enabled ? 1 : 0))
    }

    /// Whether the replay record is on, and what it holds.
    public var replayDetection: ReplayDetection {
        get throws {
            var on: Int32 = 0
            var entries = 0
            var evicted: UInt32 = 0
            try check(cliquet_inbound_group_session_replay_detection(handle, &on, &entries, &evicted))
            return ReplayDetection(isEnabled: on != 0, entries: entries, evicted: evicted)
        }
    }
}
