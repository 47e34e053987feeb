/// What one member gave the check's client probe (``ClientProbe``), measured client-side in this check: the
/// member's `client` object in JSON, its `zkprobe_member_client_*` series. A figure is `nil` when the probe did
/// not get that far (``error`` says why) or the mode does not take it (a session probe writes nothing).
///
/// Encoded as it is, it is the member's `client` object of the check's JSON (``CheckDocument``): its properties,
/// in this order, are that contract (docs/zkprobe-check.md).
public struct ClientMeasurement: Sendable, Equatable, Codable {
    /// Seconds from the start of the probe (name resolution included) until the server's `ConnectResponse`
    /// established the session.
    public var connectSeconds: Double?
    /// Seconds of the probe's `sync` + `exists` round trips after the handshake (the session's request latency
    /// as a client sees it now).
    public var roundTripSeconds: Double?
    /// Seconds from sending the `create` of the member's probe znode until its reply.
    public var writeSeconds: Double?
    /// Seconds from sending the `getData` of that znode until its reply.
    public var readSeconds: Double?
    /// Seconds from the acknowledgement of the check's one watched write (made through some member) until this
    /// member's session delivered its `NodeCreated` notification: replication delay as its clients see it.
    public var visibilitySeconds: Double?
    /// The session id the member gave, `nil` before the handshake completed.
    public var sessionId: Int64?
    /// The server answered the handshake as read-only (`isReadOnly`, 3.4+): it serves reads without a quorum.
    public var readOnly = false
    /// Connections the probe opened to this member within the deadline: more than 1 when the member refused or
    /// closed the session (not serving yet, an election under way) and the probe tried again, as a client
    /// library does, while no other member had completed it.
    public var attempts = 1
    /// Every step the mode asks for completed within the deadline (for a write probe: the write was
    /// acknowledged, read back and deleted; for a session probe: the session opened and answered). The
    /// `closeSession` sent after them is cleanup: its answer is waited for briefly and does not count.
    public var completed = false
    /// Why the probe stopped, one line naming the member and the step; `nil` when ``completed``.
    public var error: String?
    /// What kind of failure ``error`` is, for the verdict rules.
    public var failure: ClientFailureKind?

    public init() {}
}

/// The kind of a client-probe failure, as the verdict rules need it.
public enum ClientFailureKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// The member refused, dropped or never answered the connection or the handshake (a member that does not
    /// serve closes right after the `ConnectRequest`), or the session was refused (negotiated timeout <= 0).
    case noSession = "no-session"
    /// The deadline passed at some step after the session was established.
    case timedOut = "timed-out"
    /// The server answered a request with an error code: connection loss, session expired or moved, not
    /// read-only, or any other code but the ones of ``denied``.
    case serverError = "server-error"
    /// The probe's znodes are not allowed: `noAuth`, `invalidACL`, `authFailed`, or a missing parent of the path
    /// (`noNode`): the operator's setup, not an outage (`write-probe-denied`).
    case denied
    /// The reply broke the protocol: a length over 1 MiB, an unknown xid, a short or garbage packet.
    case protocolError = "protocol-error"
    /// The check itself ran out of descriptors or memory (``Checker`` sets such members aside).
    case localTrouble = "local-trouble"
}
