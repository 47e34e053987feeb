/// What the check asks of each member as a ZooKeeper client (`--session-probe`, `--write-probe PATH`); `nil` in a
/// ``CheckRequest`` keeps the check read-only and four-letter-word only.
public struct ClientProbe: Sendable, Equatable {
    /// How far the probe goes through each serving member.
    public enum Mode: Sendable, Equatable {
        /// Open a session, `sync`, `exists /`, close: the session's creation and close are transactions the leader
        /// commits with a quorum (unless the member runs local sessions).
        case session
        /// As ``session``, plus an ephemeral child of `path` created, read back and deleted through the member, and
        /// every member's visibility of one write measured through an `exists` watch. `path` is created as a
        /// persistent node when missing.
        case write(path: String)
    }

    /// How far the probe goes.
    public var mode: Mode
    /// `digest` credentials sent (`addAuth`) right after the handshake, in order; from `--auth-file`, never
    /// from the command line.
    public var credentials: [DigestCredential]

    /// A probe of `mode`, authenticating with `credentials`.
    public init(mode: Mode, credentials: [DigestCredential] = []) {
        self.mode = mode
        self.credentials = credentials
    }

    /// The parent of the probe's znodes for ``Mode/write(path:)``; `nil` for a session probe.
    public var writePath: String? {
        if case .write(let path) = mode { return path }
        return nil
    }
}

/// One `digest` identity (`user:password`, as `addauth digest user:password` takes it). Its description never
/// shows the password.
public struct DigestCredential: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// `digest user:***`.
    public var description: String { "digest \(user):***" }
}
