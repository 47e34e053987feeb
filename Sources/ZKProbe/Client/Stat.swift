/// A znode's metadata as replies carry it (`Stat` in `zookeeper.jute`): 68 bytes.
struct Stat: Equatable {
    static let byteCount = 68

    var czxid: Int64 = 0
    var mzxid: Int64 = 0
    var ctime: Int64 = 0
    var mtime: Int64 = 0
    var version: Int32 = 0
    var cversion: Int32 = 0
    var aversion: Int32 = 0
    /// The owning session of an ephemeral znode, 0 otherwise.
    var ephemeralOwner: Int64 = 0
    var dataLength: Int32 = 0
    var numChildren: Int32 = 0
    var pzxid: Int64 = 0

    init() {}

    init(from reader: inout JuteReader) throws(JuteError) {
        czxid = try reader.long("Stat.czxid")
        mzxid = try reader.long("Stat.mzxid")
        ctime = try reader.long("Stat.ctime")
        mtime = try reader.long("Stat.mtime")
        version = try reader.int("Stat.version")
        cversion = try reader.int("Stat.cversion")
        aversion = try reader.int("Stat.aversion")
        ephemeralOwner = try reader.long("Stat.ephemeralOwner")
        dataLength = try reader.int("Stat.dataLength")
        numChildren = try reader.int("Stat.numChildren")
        pzxid = try reader.long("Stat.pzxid")
    }

    func write(to writer: inout JuteWriter) {
        writer.long(czxid)
        writer.long(mzxid)
        writer.long(ctime)
        writer.long(mtime)
        writer.int(version)
        writer.int(cversion)
        writer.int(aversion)
        writer.long(ephemeralOwner)
        writer.int(dataLength)
        writer.int(numChildren)
        writer.long(pzxid)
    }
}
