/// One `key=value` pair kept in the order the server printed it (`conf` lines, `cons` connection details).
public struct KeyValuePair: Sendable, Hashable {
    /// The text before the first `=`.
    public let key: String
    /// The text after the first `=`, as printed (may be empty or contain further `=`).
    public let value: String

    /// Pairs `key` with `value` as given; nothing is trimmed or checked.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
