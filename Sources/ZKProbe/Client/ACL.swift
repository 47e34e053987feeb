/// One entry of a znode's access control list (`ACL {int perms, Id {ustring scheme, ustring id}}`).
struct ACL: Equatable {
    /// `ZooDefs.Perms`: READ 1, WRITE 2, CREATE 4, DELETE 8, ADMIN 16.
    var perms: Int32
    var scheme: String
    var id: String

    /// `world:anyone` with every permission (`ZooDefs.Ids.OPEN_ACL_UNSAFE`).
    static let openUnsafe = ACL(perms: 31, scheme: "world", id: "anyone")

    func write(to writer: inout JuteWriter) {
        writer.int(perms)
        writer.string(scheme)
        writer.string(id)
    }
}
