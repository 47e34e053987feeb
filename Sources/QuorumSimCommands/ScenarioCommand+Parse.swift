import CommandLineSupport
import QuorumSim
import QuorumSimDeployment

extension ScenarioCommand {
    static func parse(_ arguments: [String]) throws(UsageError) -> Invocation? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        _ = try parsed.wallClockTimeout()
        guard parsed.operands.isEmpty || parsed.has(electionsFromOption) else {
            throw parsed.error(
                "unexpected operand \(CommandSpec.shown(parsed.operands[0])); give --zoo-cfg or --connect")
        }
        var invocation = Invocation(source: try source(parsed), zones: try zones(parsed))
        if let first = parsed.text(of: electionsFromOption) {
            guard !parsed.has(detectionOption), !parsed.has(electionOption) else {
                throw parsed.error(
                    "--elections-from contradicts --detection/--election (measured elections include the detection); "
                        + "give one or the other")
            }
            invocation.timelines = [first] + parsed.operands
            if invocation.timelines.contains(where: \.isEmpty) {
                throw parsed.error("--elections-from needs file names")
            }
        }
        invocation.output = parsed.text(of: outputOption)
        if invocation.output?.isEmpty == true { throw parsed.error("--output needs a file name") }
        try readFigures(parsed, into: &invocation)
        return invocation
    }

    static func source(_ parsed: ParsedArguments) throws(UsageError) -> Invocation.Source {
        switch (parsed.text(of: zooCfgOption), parsed.text(of: connectOption)) {
        case (let file?, nil): return .zooConfig(file)
        case (nil, let hosts?): return .connect(hosts)
        case (nil, nil): throw parsed.error("give the ensemble: --zoo-cfg FILE or --connect HOSTS")
        default: throw parsed.error("give --zoo-cfg or --connect, not both")
        }
    }

    static func zones(_ parsed: ParsedArguments) throws(UsageError) -> Invocation.Zones {
        switch (parsed.text(of: zonesOption), parsed.text(of: zoneMapOption)) {
        case (let text?, nil):
            // Read here, so that a malformed pair is a usage error (64), not an input error.
            do { return .flag(try ZoneMap.parse(text, from: .option("--zones"))) } catch { throw parsed.error(error.description) }
        case (nil, let file?): return .file(file)
        case (nil, nil): throw parsed.error("give the zone of each host: --zones HOST=ZONE,... or --zone-map FILE")
        default: throw parsed.error("give --zones or --zone-map, not both")
        }
    }

    /// The failure-figure and run flags, each a duration checked by the scenario format's own reader.
    static func readFigures(_ parsed: ParsedArguments, into invocation: inout Invocation) throws(UsageError) {
        var s = invocation.settings
        if let name = parsed.text(of: nameOption) {
            guard !name.isEmpty, name.count <= 200 else { throw parsed.error("--name: give 1 to 200 characters") }
            s.name = name
        }
        /// The duration as typed, once its row has checked it; nil when absent (the file keeps its default).
        func duration(_ option: Option<Double>) throws(UsageError) -> String? {
            guard parsed.has(option), try parsed.value(of: option) != nil else { return nil }
            s.overridden = true
            return parsed.text(of: option)
        }
        if let v = try duration(QuorumSimOptions.serverMTTF) { s.serverMTTF = v }
        if let v = try duration(QuorumSimOptions.serverMTTR) { s.serverMTTR = v }
        if let v = try duration(QuorumSimOptions.zoneMTTF) { s.zoneMTTF = v }
        if let v = try duration(QuorumSimOptions.zoneMTTR) { s.zoneMTTR = v }
        if parsed.has(QuorumSimOptions.noZoneOutages) {
            guard !parsed.has(QuorumSimOptions.zoneMTTF), !parsed.has(QuorumSimOptions.zoneMTTR) else {
                throw parsed.error("--no-zone-outages contradicts --zone-mttf/--zone-mttr; give one or the other")
            }
            s.zoneMTTF = nil
            s.zoneMTTR = nil
        }
        if let v = try duration(detectionOption) {
            s.detection = .duration(v)
            invocation.detectionGiven = true
        }
        if let v = try duration(electionOption) { s.election = v }
        s.maintenance = try maintenance(parsed)
        s.years = try parsed.value(of: years) ?? s.years
        s.replications = try parsed.value(of: replications) ?? s.replications
        s.seed = try parsed.value(of: seed) ?? s.seed
        invocation.settings = s
    }

    static func maintenance(_ parsed: ParsedArguments) throws(UsageError) -> DeploymentSettings.MaintenanceSettings? {
        let procedure = try parsed.value(of: procedureOption)!
        guard try parsed.value(of: QuorumSimOptions.maintenancePeriod) != nil,
            let period = parsed.text(of: QuorumSimOptions.maintenancePeriod)
        else {
            if parsed.has(QuorumSimOptions.maintenanceDuration) || parsed.has(procedureOption) {
                throw parsed.error("--maintenance-duration and --procedure need --maintenance-period")
            }
            return nil
        }
        guard try parsed.value(of: QuorumSimOptions.maintenanceDuration) != nil,
            let duration = parsed.text(of: QuorumSimOptions.maintenanceDuration)
        else { throw parsed.error("--maintenance-period needs --maintenance-duration") }
        return DeploymentSettings.MaintenanceSettings(period: period, duration: duration, procedure: procedure)
    }
}
