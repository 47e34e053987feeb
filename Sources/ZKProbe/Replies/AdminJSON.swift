import ToolkitSupport

/// Any JSON value an AdminServer command may hold, reduced to what the parsers need: scalars keep their value,
/// objects and arrays are only marked (`monitor` and `configuration` are flat; nested parts are not read).
enum AdminJSONValue: Sendable, Equatable {
    case integer(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)
    case null
    case nested

    /// The value as `JSONDecoder` decoded it, trying `Int64` before `Double`: a number that is a whole `Int64`
    /// (`5105.0` too) is an integer; anything else numeric, integers beyond `Int64` included, is kept
    /// approximately as a double rather than failing the whole reply.
    init(_ value: JSONInput) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .integer(number)
        case .unsigned(let number): self = .double(Double(number))
        case .double(let number): self = Int64(exactly: number).map(Self.integer) ?? .double(number)
        case .string(let text): self = .string(text)
        case .array, .object: self = .nested
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

/// A reply body read from the top-level object of the JSON.
protocol AdminBody {
    init(_ object: AdminObject) throws(AdminObject.Mismatch)
}

/// The two fields every AdminServer reply carries: the command's name and, when it failed, why.
struct AdminEnvelope: AdminBody {
    var command: String?
    var error: String?

    init(_ object: AdminObject) throws(AdminObject.Mismatch) {
        command = try object.string("command")
        error = try object.string("error")
    }
}

/// A JSON object read as key → scalar, for `monitor` and `configuration`, whose keys vary by version.
struct AdminFlatObject: AdminBody {
    var values: [String: AdminJSONValue]

    init(_ object: AdminObject) {
        values = object.members.mapValues(AdminJSONValue.init)
    }

    /// The entries other than the envelope's, sorted by key so that the text built from them is stable.
    var payload: [(key: String, value: AdminJSONValue)] {
        values.filter { $0.key != "command" && $0.key != "error" }.sorted { $0.key < $1.key }
    }
}

/// `server_stats` (and `stats`): `ZooKeeperServer`'s `ServerStats` as JSON.
struct AdminServerStatsBody: AdminBody {
    struct Stats {
        var serverState: String?
        var lastProcessedZxid: AdminJSONValue?
        var minLatency: AdminJSONValue?
        var avgLatency: AdminJSONValue?
        var maxLatency: AdminJSONValue?
        var packetsReceived: AdminJSONValue?
        var packetsSent: AdminJSONValue?
        var numAliveClientConnections: AdminJSONValue?
        var outstandingRequests: AdminJSONValue?

        init(_ object: AdminObject) throws(AdminObject.Mismatch) {
            serverState = try object.string("server_state")
            lastProcessedZxid = object.scalar("last_processed_zxid")
            minLatency = object.scalar("min_latency")
            avgLatency = object.scalar("avg_latency")
            maxLatency = object.scalar("max_latency")
            packetsReceived = object.scalar("packets_received")
            packetsSent = object.scalar("packets_sent")
            numAliveClientConnections = object.scalar("num_alive_client_connections")
            outstandingRequests = object.scalar("outstanding_requests")
        }
    }
    var version: String?
    var readOnly: Bool?
    var serverStats: Stats?
    var nodeCount: AdminJSONValue?

    init(_ object: AdminObject) throws(AdminObject.Mismatch) {
        version = try object.string("version")
        readOnly = try object.bool("read_only")
        serverStats = try object.object("server_stats").map { (stats) throws(AdminObject.Mismatch) in try Stats(stats) }
        nodeCount = object.scalar("node_count")
    }
}

/// `voting_view` (3.6+): the members of the current configuration by id.
struct AdminVotingViewBody: AdminBody {
    struct Member {
        var serverAddresses: [String]?
        var electionAddresses: [String]?
        var clientAddress: String?
        var learnerType: String?

        init(_ object: AdminObject) throws(AdminObject.Mismatch) {
            serverAddresses = try object.strings("server_addresses")
            electionAddresses = try object.strings("election_addresses")
            clientAddress = try object.string("client_address")
            learnerType = try object.string("learner_type")
        }
    }
    var currentConfig: [String: Member]?

    init(_ object: AdminObject) throws(AdminObject.Mismatch) {
        guard let members = try object.objects("current_config") else { return }
        var config: [String: Member] = [:]
        for (id, member) in members { config[id] = try Member(member) }
        currentConfig = config
    }
}

/// `leader` (3.6+): whether this member leads, and whom it follows.
struct AdminLeaderBody: AdminBody {
    var isLeader: Bool?
    var leaderId: AdminJSONValue?
    var leaderIp: String?

    init(_ object: AdminObject) throws(AdminObject.Mismatch) {
        isLeader = try object.bool("is_leader")
        leaderId = object.scalar("leader_id")
        leaderIp = try object.string("leader_ip")
    }
}
