extension CheckReport {
    /// The JSON document of `zkprobe check --format json`. Keys are documented in docs/zkprobe-check.md and stable.
    public func json() -> JSONValue {
        .object([
            ("verdict", .string(verdict.word)),
            ("exitCode", .int(Int64(verdict.exitCode))),
            ("summary", .string(summary)),
            ("leader", .from(leader)),
            ("quorum", .bool(quorum)),
            ("votersConfigured", .int(Int64(votersConfigured))),
            ("votersServing", .int(Int64(votersServing))),
            ("majority", .int(Int64(majority))),
            ("failureTolerance", .int(Int64(failureTolerance))),
            ("membershipSource", .string(membershipSource)),
            ("durationSeconds", .double(durationSeconds)),
            ("members", .array(members.map { $0.json() })),
            (
                "findings",
                .array(
                    findings.map { f in
                        .object([
                            ("severity", .string(f.severity.word)), ("code", .string(f.code)),
                            ("member", .from(f.member)), ("message", .string(f.message)),
                        ])
                    })
            ),
        ])
    }
}

extension MemberReport {
    func json() -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("address", .string(address)),
            ("state", .string(state.rawValue)),
            ("servesClients", servesClients.map { .bool($0) } ?? .bool(state.isServing)),
            ("problem", .from(problem)),
            ("imok", imok.map { .bool($0) } ?? .null),
            ("version", .from(version)),
            ("zxid", zxid.map { .string("0x" + String($0, radix: 16)) } ?? .null),
            ("epoch", .from(epoch)),
            ("counter", .from(counter)),
            ("lag", .from(lag)),
        ]
        if latencyMin != nil || latencyAvg != nil || latencyMax != nil {
            pairs.append(
                ("latencyMs", .object([("min", .from(latencyMin)), ("avg", .from(latencyAvg)), ("max", .from(latencyMax))])))
        } else {
            pairs.append(("latencyMs", .null))
        }
        pairs += [
            ("received", .from(received)),
            ("sent", .from(sent)),
            ("connections", .from(connections)),
            ("outstanding", .from(outstanding)),
            ("nodeCount", .from(nodeCount)),
            ("learners", .from(learners)),
            ("syncedFollowers", .from(syncedFollowers)),
            ("syncedNonVotingFollowers", .from(syncedNonVotingFollowers)),
            ("pendingSyncs", .from(pendingSyncs)),
            ("openFileDescriptors", .from(openFileDescriptors)),
            ("maxFileDescriptors", .from(maxFileDescriptors)),
            ("quorumSize", .from(quorumSize)),
            ("notWhitelisted", .array(notWhitelisted.map { .string($0) })),
            ("connectSeconds", .from(connectSeconds)),
            ("exchangeSeconds", .from(exchangeSeconds)),
        ]
        return .object(pairs)
    }
}
