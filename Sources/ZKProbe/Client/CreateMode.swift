/// The `flags` of a `create` request (`CreateMode`).
enum CreateMode: Int32 {
    case persistent = 0
    case ephemeral = 1
    case persistentSequential = 2
    case ephemeralSequential = 3
}
