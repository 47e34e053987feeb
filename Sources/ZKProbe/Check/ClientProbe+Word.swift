extension ClientProbe.Mode {
    /// `session` or `write`: the JSON `clientProbe` key, and the probe's name in messages (`write probe`).
    public var word: String {
        switch self {
        case .session: return "session"
        case .write: return "write"
        }
    }
}
