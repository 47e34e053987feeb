extension ZooConfig {
    /// The hierarchical quorum the `group.G=` and `weight.N=` lines describe, checked as `QuorumHierarchical`
    /// checks it; `nil` when the file has neither (a majority quorum).
    ///
    /// Refused, each with the line to change: a server in two groups, a group or weight naming a server without a
    /// `server.N` line (ZooKeeper fails on those with a `NullPointerException` or not at all), an observer in a
    /// group (it never acknowledges, so its weight could only block a majority), a participant in no group, and
    /// groups that all weigh nothing (no quorum could ever form).
    func hierarchy(members: [Int: MembershipEntry]) throws(TargetError) -> Hierarchy? {
        guard !groups.isEmpty || !weights.isEmpty else { return nil }
        var groupOf: [Int: (group: Int, line: PropertyLine)] = [:]
        var memberIDs: [Int: Set<Int>] = [:]
        for (group, line) in groups.sorted(by: { $0.value.line < $1.value.line }) {
            memberIDs[group] = try Self.groupMembers(line, group: group, members: members, groupOf: &groupOf)
        }
        var explicit: [Int: Int] = [:]
        for (id, line) in weights.sorted(by: { $0.value.line < $1.value.line }) {
            guard members[id] != nil else {
                throw TargetError(
                    "\(line.location): weight.\(id) is for server \(id), which has no server.\(id) line; add the "
                        + "server line or remove the weight")
            }
            guard let weight = JavaNumber.unsigned(Substring(line.value)), weight <= Int32.max else {
                throw TargetError("\(line.location): weight.\(id)=\(line.value): expected a whole number from 0 to \(Int32.max)")
            }
            explicit[id] = Int(weight)
        }
        for member in members.values.sorted() where !member.observer && groupOf[member.id] == nil {
            let at = servers[member.id]?.location ?? "\(member.id)"
            throw TargetError(
                "\(at): server.\(member.id) is in no group; with group. or weight. lines every participant must be "
                    + "listed in one group.G=id:id:... line")
        }
        let hierarchy = Hierarchy(groups: memberIDs, weights: explicit)
        if hierarchy.countedGroups == 0, let first = groups.values.min(by: { $0.line < $1.line }) {
            throw TargetError(
                "\(first.location): every group weighs 0, so no quorum can ever form; give members a weight above 0")
        }
        return hierarchy
    }

    /// The server ids of one `group.G=id:id:...` line, each new, known and voting.
    private static func groupMembers(
        _ line: PropertyLine, group: Int, members: [Int: MembershipEntry],
        groupOf: inout [Int: (group: Int, line: PropertyLine)]
    ) throws(TargetError) -> Set<Int> {
        var parts = line.value.split(separator: ":", omittingEmptySubsequences: false)
        // Java's String.split drops trailing empty strings, so ZooKeeper accepts `1:2:`.
        while parts.last?.isEmpty == true { parts.removeLast() }
        guard !parts.isEmpty else {
            throw TargetError("\(line.location): group.\(group) lists no servers; write group.\(group)=id:id:...")
        }
        var ids: Set<Int> = []
        for part in parts {
            guard let id = JavaNumber.unsigned(part).map(Int.init) else {
                throw TargetError(
                    "\(line.location): group.\(group)=\(line.value): \"\(part)\" is not a server id; write "
                        + "group.\(group)=id:id:... with the N of server.N lines")
            }
            guard let member = members[id] else {
                throw TargetError(
                    "\(line.location): group.\(group) names server \(id), which has no server.\(id) line; add the "
                        + "server line or remove \(id) from the group")
            }
            if let earlier = groupOf[id] {
                throw TargetError(
                    "\(line.location): server \(id) is already in group.\(earlier.group) (\(earlier.line.location)); "
                        + "a server belongs to one group, remove it from one of them")
            }
            guard !member.observer else {
                throw TargetError(
                    "\(line.location): group.\(group) lists server \(id), an observer; observers do not vote, remove "
                        + "it from the group")
            }
            groupOf[id] = (group, line)
            ids.insert(id)
        }
        return ids
    }
}
