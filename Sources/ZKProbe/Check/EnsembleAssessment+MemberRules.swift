/// The rules about one member at a time: its state, the four-letter words it refuses, its figures.
extension EnsembleAssessment.Evidence {
    mutating func ruleEachMember() {
        for m in members {
            findings += memberFindings(m)
        }
        ruleWhitelistNote()
    }

    private func memberFindings(_ m: MemberReport) -> [Finding] {
        var out: [Finding] = []
        if let finding = stateFinding(m) { out.append(finding) }
        if let finding = whitelistFinding(m) { out.append(finding) }
        if let finding = monitorSkippedFinding(m) { out.append(finding) }
        return out + figureFindings(m)
    }

    /// `mntr` lines the check could not read: the other keys are kept, and this says which figures may be missing.
    private func monitorSkippedFinding(_ m: MemberReport) -> Finding? {
        guard let first = m.monitorSkipped.first else { return nil }
        let more = m.monitorSkipped.count > 1 ? " (and \(m.monitorSkipped.count - 1) more)" : ""
        return Finding(
            .mntrUnreadable, member: m.address,
            "\(first)\(more); \(m.address) is judged on the mntr keys that read")
    }

    private func stateFinding(_ m: MemberReport) -> Finding? {
        let a = m.address
        // Problems from the wire start with the member's address already.
        var problem = m.problem.map { $0.hasPrefix(a + ": ") ? String($0.dropFirst(a.count + 2)) : $0 }
        if m.cutShort {
            problem = (problem ?? "no reply") + " (what was left of the deadline after the members given; it may only be slow)"
        }
        switch m.state {
        case .unreachable:
            return Finding(
                .memberUnreachable, member: a, "\(a) is unreachable: \(problem ?? "no connection")")
        case .unresponsive:
            return Finding(
                .memberUnresponsive, member: a,
                "\(a) accepts connections but does not answer: \(problem ?? "no reply")")
        case .error:
            return Finding(.memberError, member: a, "\(a) answered something unreadable: \(problem ?? "")")
        case .notServing:
            return Finding(
                .memberNotServing, member: a,
                "\(a) is up but not serving requests (not in the quorum, or still starting)")
        case .readOnly:
            return Finding(.memberReadOnly, member: a, "\(a) is in read-only mode: it has lost the quorum")
        case .standalone where configuredVoters > 1:
            return Finding(
                .standaloneInEnsemble, member: a,
                "\(a) runs standalone inside a \(configuredVoters)-voter ensemble: it serves its own data, "
                    + "not the ensemble's; check its zoo.cfg server.N lines")
        default:
            return nil
        }
    }

    /// Words refused by a member's whitelist: without `srvr` (and `stat`) its state is unknown; a word the
    /// operator requires (`--require`) is a warning; the others are noted once for the ensemble.
    private func whitelistFinding(_ m: MemberReport) -> Finding? {
        let words = m.notWhitelisted.filter { $0 == "srvr" || $0 == "stat" || requiredWords.contains($0) }
        guard !words.isEmpty else { return nil }
        let list = words.joined(separator: ", ")
        let verb = words.count == 1 ? "is" : "are"
        let severity: Severity = words.contains("srvr") ? .unknown : .warning
        return Finding(
            severity, .notWhitelisted, member: m.address,
            "\(list) \(verb) not in 4lw.commands.whitelist on \(m.address); add to its zoo.cfg "
                + "4lw.commands.whitelist=srvr,stat,mntr,conf,ruok,isro (or *) and restart it")
    }

    /// One OK-level note for the words refused but not required: a `srvr`-only whitelist (ZooKeeper's default
    /// since 3.5.3) is a way to run, and the check judges on what `srvr` gives.
    mutating func ruleWhitelistNote() {
        var refused: [String: [String]] = [:]
        for m in members {
            for word in m.notWhitelisted where !["srvr", "stat"].contains(word) && !requiredWords.contains(word) {
                refused[word, default: []].append(m.address)
            }
        }
        guard !refused.isEmpty else { return }
        let words = refused.keys.sorted()
        let on = Set(refused.values.joined()).count
        let text: HintedText =
            "\(words.joined(separator: ", ")) \(words.count == 1 ? "is" : "are") not in 4lw.commands.whitelist on "
            + "\(on) member(s): judged on srvr; add \(hint: .requireWords(words)) to make this a "
            + "warning, or allow the words in zoo.cfg to see more"
        // Most such ensembles have their AdminServer on port 8080 already: the alternative to whitelisting.
        let admin: HintedText = "; or ask the AdminServer instead: \(hint: .adminPort(8080))"
        findings.append(Finding(.wordsNotWhitelisted, text + (suggestsAdminServer ? admin : "")))
    }

    /// Latency, outstanding requests and file descriptors against their thresholds.
    private func figureFindings(_ m: MemberReport) -> [Finding] {
        var out: [Finding] = []
        let a = m.address
        if let avg = m.latencyAvg {
            out += threshold(
                avg, warning: thresholds.latencyAvgWarning, critical: thresholds.latencyAvgCritical,
                code: .latencyAvg, member: a, what: "average latency since start (or the last srst)", unit: " ms")
        }
        // The maximum counts from server start: one old spike would page on every run. Off unless asked for.
        if let max = m.latencyMax {
            out += threshold(
                max, warning: thresholds.latencyMaxWarning, critical: thresholds.latencyMaxCritical,
                code: .latencyMax, member: a, what: "maximum latency since start (or the last srst)", unit: " ms")
        }
        // What the check measures now: its own round trip for srvr.
        if let seconds = m.exchangeSeconds, seconds.isFinite {
            out += threshold(
                seconds * 1000, warning: thresholds.roundTripWarning, critical: thresholds.roundTripCritical,
                code: .roundTrip, member: a, what: "round trip for srvr (measured now)", unit: " ms")
        }
        if let o = m.outstanding {
            out += threshold(
                Double(o), warning: thresholds.outstandingWarning,
                critical: thresholds.outstandingCritical, code: .outstanding, member: a,
                what: "outstanding requests", unit: "")
        }
        if let open = m.openFileDescriptors, let limit = m.maxFileDescriptors, limit > 0 {
            let percent = Double(open) * 100 / Double(limit)
            out += threshold(
                percent, warning: thresholds.fileDescriptorsWarningPercent,
                critical: thresholds.fileDescriptorsCriticalPercent, code: .fileDescriptors, member: a,
                what: "open file descriptors (\(open) of \(limit))", unit: "%")
        }
        return out
    }

    /// A finding when `value` falls in its warning or critical range; the message names the range in words
    /// (`warning at or above 100 ms`, `critical outside 10:20`).
    private func threshold(
        _ value: Double, warning: ThresholdRange?, critical: ThresholdRange?, code: FindingCode, member: String,
        what: String, unit: String
    ) -> [Finding] {
        guard value.isFinite, let (severity, range) = CheckThresholds.judge(value, warning: warning, critical: critical)
        else { return [] }
        let shown = EnsembleAssessment.format(value)
        return [
            Finding(
                severity, code, member: member,
                "\(member): \(what) \(shown)\(unit) (\(severity.word) \(range.explanation)\(unit))")
        ]
    }
}
