/// One request the probe sends after the handshake: a ``RequestHeader`` then the body of `zookeeper.jute` for its type.
enum ClientRequest: Equatable {
    /// `ping` (xid -2, no body).
    case ping
    /// `SyncRequest {ustring path}`.
    case sync(path: String)
    /// `ExistsRequest {ustring path, boolean watch}`.
    case exists(path: String, watch: Bool)
    /// `GetDataRequest {ustring path, boolean watch}`.
    case getData(path: String, watch: Bool)
    /// `CreateRequest {ustring path, buffer data, vector<ACL> acl, int flags}`.
    case create(path: String, data: [UInt8], acl: [ACL], mode: CreateMode)
    /// `DeleteRequest {ustring path, int version}`; version -1 matches any.
    case delete(path: String, version: Int32)
    /// `closeSession`, no body.
    case closeSession
    /// `AuthPacket {int type = 0, ustring scheme, buffer auth}` (xid -4), such as `digest` with `user:password`.
    case addAuth(scheme: String, auth: [UInt8])

    var opCode: OpCode {
        switch self {
        case .ping: return .ping
        case .sync: return .sync
        case .exists: return .exists
        case .getData: return .getData
        case .create: return .create
        case .delete: return .delete
        case .closeSession: return .closeSession
        case .addAuth: return .auth
        }
    }

    /// The xid the request must carry: its own special xid (ping, auth) or the given one.
    func xid(counting xid: Int32) -> Int32 {
        switch self {
        case .ping: return Xid.ping
        case .addAuth: return Xid.auth
        default: return xid
        }
    }

    /// The framed packet with header `{xid, type}`; `xid` is ignored for ping and addAuth (``xid(counting:)``).
    func packet(xid: Int32) -> [UInt8] {
        var writer = JuteWriter()
        RequestHeader(xid: self.xid(counting: xid), type: opCode.rawValue).write(to: &writer)
        switch self {
        case .ping, .closeSession:
            break
        case .sync(let path):
            writer.string(path)
        case .exists(let path, let watch), .getData(let path, let watch):
            writer.string(path)
            writer.bool(watch)
        case .create(let path, let data, let acl, let mode):
            writer.string(path)
            writer.buffer(data)
            writer.vector(acl) { $1.write(to: &$0) }
            writer.int(mode.rawValue)
        case .delete(let path, let version):
            writer.string(path)
            writer.int(version)
        case .addAuth(let scheme, let auth):
            writer.int(0)
            writer.string(scheme)
            writer.buffer(auth)
        }
        return PacketFramer.frame(writer.bytes)
    }

    /// How the request is named in errors: `sync /`, `create /zkprobe/zkprobe-h-1-0a1b2c3d`, `addAuth digest`.
    var label: String {
        switch self {
        case .ping: return "ping"
        case .sync(let path): return "sync \(path)"
        case .exists(let path, let watch): return "exists \(path)\(watch ? " (watch)" : "")"
        case .getData(let path, _): return "getData \(path)"
        case .create(let path, _, _, _): return "create \(path)"
        case .delete(let path, _): return "delete \(path)"
        case .closeSession: return "closeSession"
        case .addAuth(let scheme, _): return "addAuth \(scheme)"
        }
    }
}
