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
            "quorumsim live TIMELINE.jsonl --zone-map FILE [options]",
        ],
        abstract: """
            Reads `zkprobe check --format json` output (a file, or - for standard input), or the latest round of a
            `zkprobe watch` timeline, and a map from member
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
        "--repair", "D", .duration(), default: .value(ModelDefaults.repairWindow.text),
        help: "how long until the down members are back")
    /// Not ``QuorumSimOptions/zoneMTTF``: here 0 stands for zones that never fail (`live` has no
    /// `--no-zone-outages`).
    static let zoneMTTFOption = Option<Double>(
        "--zone-mttf", "D", .duration(allowZero: true), default: .value(ModelDefaults.zoneMTTF.text),
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
            let outlook = LiveOutlook(
                try ensemble(request, context: context), window: request.window, serverMTTF: request.serverMTTF,
                zoneMTTF: request.zoneMTTF == 0 ? nil : request.zoneMTTF)
            return CommandOutcome(output: request.format == .json ? outlook.json() : outlook.text())
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
        let zones: ZoneMap
        if let inline = request.zoneMapText {
            zones = try ZoneMap.parse(inline, from: .option("--zones"))
        } else {
            let path = request.zoneMapFile ?? ""
            zones = try ZoneMap.parse(
                try read(path, limit: TextFile.configurationLimit, context: context, what: "zone map"), from: .file(path))
        }
        let name = request.file == "-" ? "standard input" : request.file
        do {
            switch try input(request.file, context: context) {
            case .document(let text): return try CheckInput.read(Array(text.utf8), file: name).ensemble(zones: zones)
            case .timeline(let timeline): return try CheckInput.read(try timeline.latestCheck()).ensemble(zones: zones)
            }
        } catch let error as TimelineInput.Refusal {
            throw AdviceError(error.description)
        } catch let error as ScenarioFileError {
            throw AdviceError(error.description)
        } catch let error as AdviceError {
            throw error
        } catch {
            throw AdviceError("\(name): \(error)")
        }
    }

    /// What `live` was given: a check document, or a `zkprobe watch` timeline (its first line the header), whose
    /// latest round's check it reads. A timeline file is read from its two ends (`TimelineInput`), whatever its
    /// size; one on standard input (or a pipe) is read whole, at most `CheckInput.maxBytes`.
    enum Input {
        case document(String)
        case timeline(TimelineInput)
    }

    static func input(_ file: String, context: CommandContext) throws(AdviceError) -> Input {
        // A pipe or FIFO cannot be read from its end: it is read whole below.
        if file != "-", FileEnds.isRegularFile(file) {
            let ends: (first: String, last: [String])
            do {
                ends = try TextFile.ends(
                    of: file, lastLines: 2, lineLimit: TimelineInput.lineLimit, what: "check document")
            } catch { throw AdviceError(error.description) }
            if TimelineInput.isHeader(ends.first) {
                do { return .timeline(try TimelineInput(path: file, first: ends.first, last: ends.last)) } catch {
                    throw AdviceError(error.description)
                }
            }
        }
        let text = try read(
            file, limit: CheckInput.maxBytes, context: context, what: "check document",
            hint: " (a check of 15 members is about 20 KB)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, TimelineInput.isHeader(String(first)) else { return .document(text) }
        // The piece after the last newline is empty, or a line still being written.
        let complete = lines.dropLast().suffix(2).map(String.init)
        do {
            return .timeline(
                try TimelineInput(path: file == "-" ? "standard input" : file, first: String(first), last: complete))
        } catch { throw AdviceError(error.description) }
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
}
