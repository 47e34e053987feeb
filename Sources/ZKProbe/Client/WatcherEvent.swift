/// A watch notification's body (xid -1; `WatcherEvent {int type, int state, ustring path}`).
struct WatcherEvent: Equatable {
    /// `Watcher.Event.EventType`: NodeCreated 1, NodeDeleted 2, NodeDataChanged 3, NodeChildrenChanged 4.
    var type: Int32
    /// `Watcher.Event.KeeperState`: SyncConnected 3.
    var state: Int32
    var path: String?

    static let nodeCreated: Int32 = 1
    static let syncConnected: Int32 = 3

    init(type: Int32, state: Int32, path: String?) {
        self.type = type
        self.state = state
        self.path = path
    }

    init(from reader: inout JuteReader) throws(JuteError) {
        type = try reader.int("WatcherEvent.type")
        state = try reader.int("WatcherEvent.state")
        path = try reader.string("WatcherEvent.path")
    }

    func write(to writer: inout JuteWriter) {
        writer.int(type)
        writer.int(state)
        writer.string(path)
    }
}
