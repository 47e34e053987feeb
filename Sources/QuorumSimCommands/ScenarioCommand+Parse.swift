import CommandLineSupport
import QuorumSim
import QuorumSimDeployment

extension ScenarioCommand {
    static func parse(_ arguments: [String]) throws(UsageError) -> Invocation? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        _ = try parsed.wallClockTimeout()
        guard parsed.operands.isEmpty else {
            throw parsed.error(
                "unexpected operand \(CommandSpec.shown(parsed.operands[0])); give --zoo-cfg or --connect")
        }
        var invocation = Invocation(source: try source(parsed), zones: try zones(parsed))
        invocation.output = parsed.string("--output")
        if invocation.output?.isEmpty == true { throw parsed.error("--output needs a file name") }
        try readFigures(parsed, into: &invocation)
        return invocation
    }

    static func source(_ parsed: ParsedArguments) throws(UsageError) -> Invocation.Source {
        switch (parsed.string("--zoo-cfg"), parsed.string("--connect")) {
        case (let file?, nil): return .zooConfig(file)
        case (nil, let hosts?): return .connect(hosts)
        case (nil, nil): throw parsed.error("give the ensemble: --zoo-cfg FILE or --connect HOSTS")
        default: throw parsed.error("give --zoo-cfg or --connect, not both")
        }
    }

    static func zones(_ parsed: ParsedArguments) throws(UsageError) -> Invocation.Zones {
        switch (parsed.string("--zones"), parsed.string("--zone-map")) {
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
        if let name = parsed.string("--name") {
            guard !name.isEmpty, name.count <= 200 else { throw parsed.error("--name: give 1 to 200 characters") }
            s.name = name
        }
        func duration(_ flag: String) throws(UsageError) -> String? {
            guard try parsed.hours(flag) != nil else { return nil }
            s.overridden = true
            return parsed.string(flag)
        }
        if let v = try duration("--server-mttf") { s.serverMTTF = v }
        if let v = try duration("--server-mttr") { s.serverMTTR = v }
        if let v = try duration("--zone-mttf") { s.zoneMTTF = v }
        if let v = try duration("--zone-mttr") { s.zoneMTTR = v }
        if parsed.has("--no-zone-outages") {
            guard !parsed.has("--zone-mttf"), !parsed.has("--zone-mttr") else {
                throw parsed.error("--no-zone-outages contradicts --zone-mttf/--zone-mttr; give one or the other")
            }
            s.zoneMTTF = nil
            s.zoneMTTR = nil
        }
        if let v = try duration("--detection") {
            s.detection = .duration(v)
            invocation.detectionGiven = true
        }
        if let v = try duration("--election") { s.election = v }
        s.maintenance = try maintenance(parsed)
        s.years = try parsed.number("--years", in: 0...RunSettings.maxYears, aboveLowerBound: true) ?? s.years
        s.replications = try parsed.integer("--replications", in: 1...RunSettings.maxReplications) ?? s.replications
        s.seed = try parsed.unsigned("--seed") ?? s.seed
        invocation.settings = s
    }

    static func maintenance(_ parsed: ParsedArguments) throws(UsageError) -> DeploymentSettings.MaintenanceSettings? {
        let procedure = try parsed.choice("--procedure", as: MaintenanceProcedure.self)
        guard try parsed.hours("--maintenance-period") != nil, let period = parsed.string("--maintenance-period")
        else {
            if parsed.has("--maintenance-duration") || procedure != nil {
                throw parsed.error("--maintenance-duration and --procedure need --maintenance-period")
            }
            return nil
        }
        guard try parsed.hours("--maintenance-duration") != nil, let duration = parsed.string("--maintenance-duration")
        else { throw parsed.error("--maintenance-period needs --maintenance-duration") }
        return DeploymentSettings.MaintenanceSettings(period: period, duration: duration, procedure: procedure ?? .safe)
    }
}
