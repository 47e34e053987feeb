import QuorumSim

/// What `quorumsim live` reads of a `zkprobe check --format json` document (`ZKProbe.CheckDocument`, written by
/// docs/zkprobe-check.md): the check's own conclusion (`quorum`, `votersConfigured`, `votersServing`,
/// `failureTolerance`, `majority` when present) and each member's `address`, `state` and `observer` (absent in
/// documents older than that key: then only the state tells an observer). Every other key is ignored, so documents
/// of older and newer versions of zkprobe are read alike.
///
/// The figures are checked against each other before anything is derived from them: a hand-edited or truncated
/// document that contradicts itself is refused with the key that is wrong, rather than answered with a
/// contradiction ("quorum: LOST now" beside "losing zone a now: quorum holds").
struct CheckInput: Equatable {
    struct Member: Equatable {
        var address: String
        var state: String
        var observer: Bool
    }

    var quorum: Bool
    var votersConfigured: Int
    var votersServing: Int
    var failureTolerance: Int
    var members: [Member]

    /// The largest check document read, bytes (1 MiB). A check of 15 members is about 20 KB, so the cap holds
    /// hundreds of members, and a runaway input (a 300 MB pipe, `/dev/zero`) is refused after 1 MiB is read.
    static let maxBytes = 1 << 20

    /// What a document that is not a check looks like to the reader, said where the structure is wrong.
    static let hint = "is this the output of `zkprobe check --format json`?"

    /// The check document in `data`, named `file` in errors.
    /// - Throws: `ScenarioFileError` naming the key: syntax, a duplicate key, a missing or mistyped key, a number
    ///   out of range, or figures that contradict each other.
    static func read(_ data: [UInt8], file: String) throws(ScenarioFileError) -> CheckInput {
        let document: JSONField
        do {
            document = try JSONDocument.parse(data, file: file)
        } catch {
            var refused = error
            if error.field.isEmpty { refused.message += "; \(hint)" }
            throw refused
        }
        return try read(document)
    }

    /// The check document at `document` (a whole file, or a timeline round's `check`), read as ``read(_:file:)``.
    static func read(_ document: JSONField) throws(ScenarioFileError) -> CheckInput {
        let root = try document.object(allowed: nil)
        func need(_ object: JSONObject, _ key: String) throws(ScenarioFileError) -> JSONField {
            guard let field = object.optional(key) else { throw object.field.child(key, .null).error("missing; \(hint)") }
            return field
        }
        var members: [Member] = []
        for element in try need(root, "members").array() {
            let member = try element.object(allowed: nil)
            let address = try need(member, "address")
            members.append(
                Member(
                    address: try address.string(), state: try need(member, "state").string(),
                    observer: try member.optional("observer")?.boolean() ?? false))
            if members.last?.address.isEmpty == true { throw address.error("empty; expected host:port") }
        }
        let tolerance = try need(root, "failureTolerance")
        if tolerance.isNull {
            // zkprobe writes null when it could not tell whether a quorum holds (a lone member that does not
            // answer or serve): there is nothing to start from, and -1 would claim the quorum lost.
            throw tolerance.error(
                "null: that check could not tell whether the ensemble has a quorum (verdict UNKNOWN); "
                    + "check every member (--connect or --config) and give live that check")
        }
        let input = CheckInput(
            quorum: try need(root, "quorum").boolean(), votersConfigured: try need(root, "votersConfigured").integer(),
            votersServing: try need(root, "votersServing").integer(), failureTolerance: try tolerance.integer(),
            members: members)
        if let problem = input.contradiction(majority: try root.optional("majority")?.integer()) {
            throw root.field.child(problem.key, .null).error(problem.message)
        }
        return input
    }

    /// The first figure that contradicts the others (or the document's `majority`), with the key it is under.
    /// The checks hold under any quorum rule zkprobe reports (majority or hierarchical), since both are written
    /// with the same keys.
    func contradiction(majority: Int?) -> (key: String, message: String)? {
        let c = votersConfigured
        if members.isEmpty { return ("members", "empty; the check asked no member") }
        if c < 1 { return ("votersConfigured", "\(c); a check counts 1 voter or more") }
        if !(0...c).contains(votersServing) {
            return ("votersServing", "\(votersServing) with votersConfigured \(c); expected 0 to \(c)")
        }
        if let majority, majority != c / 2 + 1 {
            return ("majority", "\(majority) with votersConfigured \(c); a strict majority of \(c) is \(c / 2 + 1)")
        }
        if quorum && votersServing == 0 { return ("quorum", "true with votersServing 0; a quorum needs serving voters") }
        if !quorum && votersServing == c {
            return ("quorum", "false with all \(c) configured voters serving (votersServing \(c))")
        }
        if !quorum && failureTolerance != -1 {
            return ("failureTolerance", "\(failureTolerance) with quorum false; expected -1 (the quorum is lost)")
        }
        if quorum && !(0..<votersServing).contains(failureTolerance) {
            return (
                "failureTolerance",
                "\(failureTolerance) with quorum true and \(votersServing) voter(s) serving; expected 0 to \(votersServing - 1)"
            )
        }
        return nil
    }

    /// The live ensemble these figures describe, each voter placed by `zones`.
    /// - Throws: `AdviceError` naming a voter that has no zone.
    func ensemble(zones: ZoneMap) throws(AdviceError) -> LiveEnsemble {
        try LiveEnsemble(
            observed: members.map { (address: $0.address, state: $0.state) }, votersConfigured: votersConfigured,
            zones: zones, observers: Set(members.filter(\.observer).map(\.address)),
            reported: LiveEnsemble.Reported(
                quorum: quorum, votersServing: votersServing, failureTolerance: failureTolerance))
    }
}
