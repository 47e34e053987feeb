/// The request types the probe sends (`ZooDefs.OpCode`). Plain `create` (1), not `create2`, so that 3.4 servers
/// answer too.
enum OpCode: Int32 {
    case create = 1
    case delete = 2
    case exists = 3
    case getData = 4
    case sync = 9
    case ping = 11
    case auth = 100
    case closeSession = -11
}
