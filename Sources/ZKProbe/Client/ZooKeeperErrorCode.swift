/// A reply's error code (`KeeperException.Code`), with the name an operator finds in ZooKeeper's docs and logs.
struct ZooKeeperErrorCode: RawRepresentable, Equatable, Hashable, CustomStringConvertible {
    var rawValue: Int32

    init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    static let ok = Self(rawValue: 0)
    static let connectionLoss = Self(rawValue: -4)
    static let marshallingError = Self(rawValue: -5)
    static let unimplemented = Self(rawValue: -6)
    static let operationTimeout = Self(rawValue: -7)
    static let badArguments = Self(rawValue: -8)
    static let noNode = Self(rawValue: -101)
    static let noAuth = Self(rawValue: -102)
    static let badVersion = Self(rawValue: -103)
    static let noChildrenForEphemerals = Self(rawValue: -108)
    static let nodeExists = Self(rawValue: -110)
    static let notEmpty = Self(rawValue: -111)
    static let sessionExpired = Self(rawValue: -112)
    static let invalidACL = Self(rawValue: -114)
    static let authFailed = Self(rawValue: -115)
    static let sessionMoved = Self(rawValue: -118)
    static let notReadOnly = Self(rawValue: -119)

    private static let names: [Int32: String] = [
        0: "ok", -4: "connectionLoss", -5: "marshallingError", -6: "unimplemented", -7: "operationTimeout",
        -8: "badArguments", -101: "noNode", -102: "noAuth", -103: "badVersion", -108: "noChildrenForEphemerals",
        -110: "nodeExists", -111: "notEmpty", -112: "sessionExpired", -114: "invalidACL", -115: "authFailed",
        -118: "sessionMoved", -119: "notReadOnly",
    ]

    /// The code's name, such as `noNode`, or `error` for a code the probe does not know.
    var name: String { Self.names[rawValue] ?? "error" }

    /// `noNode (-101)`.
    var description: String { "\(name) (\(rawValue))" }
}
