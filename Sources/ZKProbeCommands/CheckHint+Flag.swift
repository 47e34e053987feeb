import ZKProbe

extension CheckHint {
    /// The hint as `zkprobe check`'s flag (and a `zkprobe serve` line's): the library names what to change as a
    /// value, the command line names its flag.
    var flag: String {
        switch self {
        case .adminPort(let port): return "--admin-port \(port)"
        case .adminURL: return "--admin-url"
        case .config: return "--config"
        case .connect: return "--connect"
        case .expectMode: return "--expect-mode"
        case .requireWords(let words): return "--require \(words.joined(separator: ","))"
        case .help: return "see 'zkprobe check --help'"
        case .writeProbe: return "--write-probe PATH"
        case .authFile: return "--auth-file FILE"
        case .allowLearnedMembers: return "zkprobe serve --allow-learned-members"
        }
    }
}
