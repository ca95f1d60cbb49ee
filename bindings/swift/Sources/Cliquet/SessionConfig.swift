// Session configs (since ABI 1.2; docs/session-config.md): vodozemac's
// olm::SessionConfig and megolm::SessionConfig.
import CCliquet

/// The message format a session speaks, chosen when it is made and never
/// changed (vodozemac's `SessionConfig`). Both ends must choose the same: a
/// session key or an export does not carry it.
///
/// A session refuses a message of the other config with
/// `CliquetError.badMessageVersion` and is left unchanged. Native pickles
/// keep the config; libolm's format cannot hold `.v2`
/// (`CliquetError.pickleLossy`, even with `lossy`). Sendable: a value.
public enum SessionConfig: Int, Hashable, Sendable, CaseIterable {
    /// What every Matrix client speaks (the MAC cut to 8 bytes); the
    /// default of every constructor.
    case v1 = 1
    /// The whole 32-byte MAC. EXPERIMENTAL: vodozemac builds it only with
    /// its experimental-session-config feature and libolm cannot read it;
    /// use it only with peers known to speak it.
    case v2 = 2

    /// The C value.
    var c: cliquet_session_config {
        switch self {
        case .v1: CLIQUET_SESSION_CONFIG_V1
        case .v2: CLIQUET_SESSION_CONFIG_V2
        }
    }

    /// A config read back from C. Another value would be a C library bug;
    /// it is refused rather than guessed.
    init(reading read: (UnsafeMutablePointer<cliquet_session_config>) -> cliquet_status) throws {
        var value = CLIQUET_SESSION_CONFIG_V1
        try check(read(&value))
        guard let config = SessionConfig(rawValue: Int(value.rawValue)) else {
            throw CliquetError.invalidArgument
        }
        self = config
    }
}

extension Session {
    /// The config the session was made with.
    public var config: SessionConfig {
        get throws { try SessionConfig { cliquet_session_get_config(handle, $0) } }
    }
}

extension OutboundGroupSession {
    /// The config the session was made with.
    public var config: SessionConfig {
        get throws { try SessionConfig { cliquet_outbound_group_session_get_config(handle, $0) } }
    }
}

extension InboundGroupSession {
    /// The config the session was made with (its key's sender chose it).
    public var config: SessionConfig {
        get throws { try SessionConfig { cliquet_inbound_group_session_get_config(handle, $0) } }
    }
}
