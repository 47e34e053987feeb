import FoundationEssentials
import CommandLineSupport
import QuorumSim
import ToolkitSupport

/// `quorumsim live`: the ensemble `zkprobe check` sees now, with its zones: what it can still take.
package enum LiveCommand {
    enum Format: String, CaseIterable { case text, json }

    package static let spec = CommandSpec(
        name: "quorumsim live",
        synopsis: [
            "zkprobe check ... --format json | quorumsim live - --zones ADDR=ZONE,... [options]",
            "quorumsim live CHECK.json --zone-map FILE [options]",
        ],
        abstract: """
            Reads `zkprobe check --format json` output (a file, or - for standard input) and a map from member
            address to zone, and answers: how many more voter failures the ensemble can take now, whether losing
            each zone now would lose quorum, and the chance of losing quorum before the members that are down come
            back (exponential failures, no repair inside the window: an upper estimate).
            """,
        sections: [
            HelpSection(
                "OPTIONS",
                [
                    zonesOption.row, zoneMapOption.row, repairOption.row, QuorumSimOptions.serverMTTF.row,
                    zoneMTTFOption.row, formatOption.row, CommandSpec.wallClockTimeout.row,
                    .option(CommandSpec.helpOption),
                ])
        ])

    static let zonesOption = Option<String>("--zones", "ADDR=ZONE,...", help: "the zone map inline")
    static let zoneMapOption = Option<String>(
        "--zone-map", "FILE", help: "the zone map, one ADDR=ZONE (or ADDR ZONE) per line")
    static let repairOption = Option<Double>(
        "--repair", "D", .duration(), default: "24h", help: "how long until the down members are back")
    /// Not ``QuorumSimOptions/zoneMTTF``: here 0 stands for zones that never fail (`live` has no
    /// `--no-zone-outages`).
    static let zoneMTTFOption = Option<Double>(
        "--zone-mttf", "D", .duration(allowZero: true), default: "17532h",
        help: "mean time between outages of a zone (0 = zones never fail)")
    static let formatOption = Option<Format>("--format", "F", .choice, default: "text", help: "the answer's format")

    struct Request {
        var file: String
        var format: Format
        var zoneMapText: String?
        var zoneMapFile: String?
        var window: Double
        var serverMTTF: Double
        var zoneMTTF: Double
    }

    package static func run(_ arguments: [String], context: CommandContext) -> CommandOutcome {
        spec.run(arguments, usageStatus: ExitStatus.usage, parse: parse) { answer($0, context: context) }
    }

    /// The request, or `nil` when help was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> Request? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        _ = try parsed.wallClockTimeout()  // checked here, enforced by main
        return try parse(parsed)
    }

    static func answer(_ request: Request, context: CommandContext) -> CommandOutcome {
        do {
            let live = try ensemble(request, context: context)
            let zoneNames = Set(live.members.map(\.zone))
            let zoneRates =
                request.zoneMTTF == 0 ? [:] : Dictionary(uniqueKeysWithValues: zoneNames.map { ($0, request.zoneMTTF) })
            let p = live.probabilityOfLosingQuorum(
                window: request.window, serverMTTF: request.serverMTTF, zoneMTTF: zoneRates)
            let text = request.format == .json ? json(live, p, request.window) : self.text(live, p, request.window)
            return CommandOutcome(output: text)
        } catch {
            return .failure("\(spec.name): \(error.description)", status: ExitStatus.badScenario)
        }
    }

    static func parse(_ parsed: ParsedArguments) throws(UsageError) -> Request {
        guard parsed.operands.count == 1 else {
            throw parsed.error("give one zkprobe check JSON file, or - for standard input")
        }
        guard parsed.has(zonesOption) || parsed.has(zoneMapOption) else {
            throw parsed.error("give the zones with --zones ADDR=ZONE,... or --zone-map FILE")
        }
        return Request(
            file: parsed.operands[0], format: try parsed.value(of: formatOption)!,
            zoneMapText: parsed.text(of: zonesOption), zoneMapFile: parsed.text(of: zoneMapOption),
            window: try parsed.value(of: repairOption)!, serverMTTF: try parsed.value(of: QuorumSimOptions.serverMTTF)!,
            zoneMTTF: try parsed.value(of: zoneMTTFOption)!)
    }

    /// The live ensemble from the check's document and the zone map.
    static func ensemble(_ request: Request, context: CommandContext) throws(AdviceError) -> LiveEnsemble {
        let mapText: String
        if let inline = request.zoneMapText {
            mapText = inline
        } else {
            mapText = try read(
                request.zoneMapFile ?? "", limit: TextFile.configurationLimit, context: context, what: "zone map")
        }
        let zones = try LiveEnsemble.zoneMap(mapText)
        let name = request.file == "-" ? "standard input" : request.file
        let text = try read(
            request.file, limit: CheckInput.maxBytes, context: context, what: "check document",
            hint: " (a check of 15 members is about 20 KB)")
        do {
            return try CheckInput.read(Data(text.utf8), file: name).ensemble(zones: zones)
        } catch let error as ScenarioFileError {
            throw AdviceError(error.description)
        } catch let error as AdviceError {
            throw error
        } catch {
            throw AdviceError("\(name): \(error)")
        }
    }

    /// The whole of `file` (`-`: standard input) as text, at most `limit` bytes, read by ``TextFile``; `hint`
    /// follows the error when the input is larger.
    static func read(
        _ file: String, limit: Int, context: CommandContext, what: String, hint: String = ""
    ) throws(AdviceError) -> String {
        do {
            if file == "-" { return try context.readStandardInput(limit) }
            return try TextFile.read(file, limit: limit, what: what)
        } catch {
            throw AdviceError(error.description + (error.problem == .tooLarge(limit: limit) ? hint : ""))
        }
    }

    static func text(_ live: LiveEnsemble, _ p: Double, _ window: Double) -> String {
        var out = "voters up: \(live.upVoters) of \(live.votersConfigured) (majority \(live.majority))\n"
        if live.failureTolerance < 0 {
            out += "quorum: LOST now\n"
        } else {
            out += "can take \(live.failureTolerance) more voter failure(s) now\n"
        }
        for z in live.zoneLossLosesQuorum {
            let outcome = live.failureTolerance < 0 ? "no quorum to lose" : z.losesQuorum ? "LOSES quorum" : "quorum holds"
            out += "losing zone \(z.zone) (\(z.upVotersInZone) voter(s) up there) now: \(outcome)\n"
        }
        let down = live.members.filter { !$0.up }.map(\.address)
        let until = down.isEmpty ? "" : " (until \(down.joined(separator: ", ")) \(down.count == 1 ? "is" : "are") back)"
        out += "chance of losing quorum in the next \(DurationWords.text(hours: window))\(until): "
            + NumberText.printf("%.3g%%\n", p * 100)
        return out
    }

    static func json(_ live: LiveEnsemble, _ p: Double, _ window: Double) -> String {
        let zones: [JSONValue] = live.zoneLossLosesQuorum.map {
            .object([
                ("zone", .string($0.zone)), ("upVoters", .int(Int64($0.upVotersInZone))),
                ("lossLosesQuorum", .bool($0.losesQuorum)),
            ])
        }
        let document = JSONValue.object([
            ("upVoters", .int(Int64(live.upVoters))), ("votersConfigured", .int(Int64(live.votersConfigured))),
            ("majority", .int(Int64(live.majority))), ("failureTolerance", .int(Int64(live.failureTolerance))),
            ("zones", .array(zones)), ("windowHours", .double(window)),
            ("probabilityOfLosingQuorum", .double(p)),
        ])
        return document.serialized(indent: 2, inlineFrom: 0) + "\n"
    }
}

enum DurationWords {
    static func text(hours: Double) -> String {
        if hours >= 48 { return NumberText.printf("%.3g days", hours / 24) }
        if hours >= 1 { return NumberText.printf("%.3g hours", hours) }
        return NumberText.printf("%.3g minutes", hours * 60)
    }
}
