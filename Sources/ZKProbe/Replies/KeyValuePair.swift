/// One `key=value` pair kept in the order the server printed it (`conf` lines, `cons` connection details).
public struct KeyValuePair: Sendable, Hashable {
    public let key: String
    public let value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
