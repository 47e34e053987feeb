/// A member that answers like ZooKeeper 3.8 would, with the mode, zxid and version we choose.
package struct FakeMember {
    package var mode: String
    package var zxid: UInt64
    package var version: String
    package var mntrExtra: String
    package var whitelist: Set<String>?
    package var serving: Bool
    package var syncedFollowers: Int

    package init(
        mode: String, zxid: UInt64,
        version: String = "3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC",
        mntrExtra: String = "", whitelist: Set<String>? = nil, serving: Bool = true, syncedFollowers: Int = 2
    ) {
        self.mode = mode
        self.zxid = zxid
        self.version = version
        self.mntrExtra = mntrExtra
        self.whitelist = whitelist
        self.serving = serving
        self.syncedFollowers = syncedFollowers
    }

    /// The reply to `word` (`srvr`, `stat`, `mntr`, `conf`, `ruok`; empty for any other).
    package func reply(_ word: String) -> String {
        if let whitelist, !whitelist.contains(word) {
            return "\(word) is not executed because it is not in the whitelist.\n"
        }
        if !serving && word != "ruok" && word != "isro" {
            return "This ZooKeeper instance is not currently serving requests\n"
        }
        switch word {
        case "ruok": return "imok"
        case "srvr", "stat":
            return """
                Zookeeper version: \(version)
                Latency min/avg/max: 0/0.5/7
                Received: 120
                Sent: 119
                Connections: 2
                Outstanding: 0
                Zxid: 0x\(String(zxid, radix: 16))
                Mode: \(mode)
                Node count: 5

                """
        case "mntr":
            var text = "zk_version\t\(version)\nzk_server_state\t\(mode)\nzk_avg_latency\t0.5\n"
            text += "zk_open_file_descriptor_count\t60\nzk_max_file_descriptor_count\t1048576\n"
            if mode == "leader" {
                text += "zk_learners\t2\nzk_synced_followers\t\(syncedFollowers)\nzk_pending_syncs\t0\n"
            }
            return text + mntrExtra
        case "conf":
            return "clientPort=2181\ntickTime=2000\nmembership: \nversion=100000000"
        default:
            return ""
        }
    }
}
