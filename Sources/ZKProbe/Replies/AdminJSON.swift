import ToolkitSupport

/// Any JSON value an AdminServer command may hold, reduced to what the parsers need: scalars keep their value,
/// objects and arrays are only marked (`monitor` and `configuration` are flat; nested parts are not read).
enum AdminJSONValue: Decodable, Sendable, Equatable {
    case integer(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)
    case null
    case nested

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            // Also integers beyond Int64: kept approximately rather than failing the whole reply.
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .nested
        }
    }

    /// The value as a four-letter word would print it (`mntr`, `conf`): integers plainly, doubles the way
    /// ``MetricValue`` reads them, strings on one line. `nil` for null and nested values, which the text forms
    /// never hold.
    var wordText: String? {
        switch self {
        case .integer(let value): return String(value)
        case .double(let value) where value.isNaN: return "NaN"
        case .double(let value) where value.isInfinite: return value > 0 ? "Infinity" : "-Infinity"
        case .double(let value):
            return value == value.rounded() && abs(value) < 1e15 ? NumberText.printf("%.1f", value) : "\(value)"
        case .string(let value):
            return String(value.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
        case .bool(let value): return value ? "true" : "false"
        case .null, .nested: return nil
        }
    }

    var int64: Int64? {
        switch self {
        case .integer(let value): return value
        case .double(let value) where value == value.rounded() && abs(value) < 9.2e18: return Int64(value)
        default: return nil
        }
    }

    var double: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

/// The two fields every AdminServer reply carries: the command's name and, when it failed, why.
struct AdminEnvelope: Decodable {
    var command: String?
    var error: String?
}

/// A JSON object read as key → scalar, for `monitor` and `configuration`, whose keys vary by version.
struct AdminFlatObject: Decodable {
    var values: [String: AdminJSONValue]

    init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: AdminJSONValue].self)
    }

    /// The entries other than the envelope's, sorted by key so that the text built from them is stable.
    var payload: [(key: String, value: AdminJSONValue)] {
        values.filter { $0.key != "command" && $0.key != "error" }.sorted { $0.key < $1.key }
    }
}

/// The structs below name JSON keys in camel case; ``AdminReplies`` decodes them with `convertFromSnakeCase`.

/// `server_stats` (and `stats`): `ZooKeeperServer`'s `ServerStats` as JSON.
struct AdminServerStatsBody: Decodable {
    struct Stats: Decodable {
        var serverState: String?
        var lastProcessedZxid: AdminJSONValue?
        var minLatency: AdminJSONValue?
        var avgLatency: AdminJSONValue?
        var maxLatency: AdminJSONValue?
        var packetsReceived: AdminJSONValue?
        var packetsSent: AdminJSONValue?
        var numAliveClientConnections: AdminJSONValue?
        var outstandingRequests: AdminJSONValue?
    }
    var version: String?
    var readOnly: Bool?
    var serverStats: Stats?
    var nodeCount: AdminJSONValue?
}

/// `voting_view` (3.6+): the members of the current configuration by id.
struct AdminVotingViewBody: Decodable {
    struct Member: Decodable {
        var serverAddresses: [String]?
        var electionAddresses: [String]?
        var clientAddress: String?
        var learnerType: String?
    }
    var currentConfig: [String: Member]?
}

/// `leader` (3.6+): whether this member leads, and whom it follows.
struct AdminLeaderBody: Decodable {
    var isLeader: Bool?
    var leaderId: AdminJSONValue?
    var leaderIp: String?
}
