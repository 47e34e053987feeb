/// The mode a per-host check expects of every member given (`zkprobe check --expect-mode`): "is this server
/// what I expect", whatever the rest of the ensemble does.
public enum ExpectedMode: String, Sendable, CaseIterable {
    case leader, follower, observer, standalone, readOnly = "read-only", serving

    /// Whether a member in `state` is what this mode expects: `serving` takes any serving state.
    public func accepts(_ state: MemberState) -> Bool {
        self == .serving ? state.isServing : state.rawValue == rawValue
    }

    /// An `unexpected-mode` finding for each of `members` that was `given` and is not in this mode.
    func findings(of members: [MemberReport], given: [Endpoint]) -> [Finding] {
        members.filter { $0.endpoint.map(given.contains) == true && !accepts($0.state) }.map { member in
            let text: HintedText =
                "\(member.address) is \(member.state.rawValue), expected \(rawValue) (\(hint: .expectMode))"
            return Finding(.unexpectedMode, member: member.address, text)
        }
    }
}
