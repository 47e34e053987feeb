import Foundation

/// `quorumsim live`: the ensemble `zkprobe check` sees now, with its zones: what it can still take.
public enum LiveCommand {
    static let help = """
        USAGE: zkprobe check ... --format json | quorumsim live - --zones ADDR=ZONE,... [options]
               quorumsim live CHECK.json --zone-map FILE [options]

        Reads `zkprobe check --format json` output (a file, or - for standard input) and a map from member
        address to zone, and answers: how many more voter failures the ensemble can take now, whether losing
        each zone now would lose quorum, and the chance of losing quorum before the members that are down come
        back (exponential failures, no repair inside the window: an upper estimate).

        OPTIONS:
          --zones ADDR=ZONE,...   the zone map inline
          --zone-map FILE         the zone map, one ADDR=ZONE (or ADDR ZONE) per line
          --repair D              how long until the down members are back (default 24h)
          --server-mttf D         mean time to a server failure (default 4380h)
          --zone-mttf D           mean time between outages of a zone (default 17532h; 0 = zones never fail)
          --format text|json      (default text)

        """

    public static func main(_ arguments: [String], io: CommandIO, readStandardInput: () -> Data = {
        FileHandle.standardInput.readDataToEndOfFile()
    }) -> ExitCode {
        let command = "quorumsim live"
        do {
            let scan = try OptionScanner(
                arguments, command: command,
                valued: ["--zones", "--zone-map", "--repair", "--server-mttf", "--zone-mttf", "--format"],
                flags: ["--help"])
            if scan.flags.contains("--help") {
                io.writeOutput(help)
                return .success
            }
            guard scan.operands.count == 1 else {
                throw UsageError("give one zkprobe check JSON file, or - for standard input", command: command)
            }
            let format = scan.values["--format"] ?? "text"
            guard ["text", "json"].contains(format) else {
                throw UsageError("--format must be text or json", command: command)
            }
            let mapText: String
            if let inline = scan.values["--zones"] {
                mapText = inline
            } else if let file = scan.values["--zone-map"] {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw AdviceError("--zone-map \(file): cannot read the file")
                }
                mapText = text
            } else {
                throw UsageError("give the zones with --zones ADDR=ZONE,... or --zone-map FILE", command: command)
            }
            let zones = try LiveEnsemble.zoneMap(mapText)
            let file = scan.operands[0]
            let data: Data
            if file == "-" {
                data = readStandardInput()
            } else {
                guard let d = FileManager.default.contents(atPath: file) else {
                    throw AdviceError("\(file): cannot read the file")
                }
                data = d
            }
            let live = try LiveEnsemble.read(checkJSON: data, file: file == "-" ? "standard input" : file, zones: zones)
            let window = try scan.hours("--repair", command: command, default: 24)!
            let serverMTTF = try scan.hours("--server-mttf", command: command, default: 4380)!
            let zoneMTTF = try scan.hours("--zone-mttf", command: command, default: 17532, allowZero: true)!
            let zoneNames = Set(live.members.map(\.zone))
            let zoneRates = zoneMTTF == 0 ? [:] : Dictionary(uniqueKeysWithValues: zoneNames.map { ($0, zoneMTTF) })
            let p = live.probabilityOfLosingQuorum(window: window, serverMTTF: serverMTTF, zoneMTTF: zoneRates)
            io.writeOutput(format == "json" ? json(live, p, window) : text(live, p, window))
            return .success
        } catch let error as UsageError {
            io.writeError(error.description + "\n")
            return .usage
        } catch let error as AdviceError {
            io.writeError("\(command): \(error.description)\n")
            return .badScenario
        } catch {
            io.writeError("\(command): \(error)\n")
            return .usage
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
            out += "losing zone \(z.zone) (\(z.upVotersInZone) voter(s) up there) now: "
                + (z.losesQuorum ? "LOSES quorum" : "quorum holds") + "\n"
        }
        let down = live.members.filter { !$0.up }.map(\.address)
        out += String(
            format: "chance of losing quorum in the next %@ (until %@ %@ back): %.3g%%\n",
            DurationWords.text(hours: window), down.isEmpty ? "nothing is down;" : down.joined(separator: ", "),
            down.isEmpty ? "window" : (down.count == 1 ? "is" : "are"), p * 100)
        return out
    }

    static func json(_ live: LiveEnsemble, _ p: Double, _ window: Double) -> String {
        let zones = live.zoneLossLosesQuorum.map {
            "{\"zone\": \(JSONReport.string($0.zone)), \"upVoters\": \($0.upVotersInZone), \"lossLosesQuorum\": \($0.losesQuorum)}"
        }
        return "{\"upVoters\": \(live.upVoters), \"votersConfigured\": \(live.votersConfigured), "
            + "\"majority\": \(live.majority), \"failureTolerance\": \(live.failureTolerance), "
            + "\"zones\": [\(zones.joined(separator: ", "))], \"windowHours\": \(NumberText.json(window)), "
            + "\"probabilityOfLosingQuorum\": \(NumberText.json(p))}\n"
    }
}

enum DurationWords {
    static func text(hours: Double) -> String {
        if hours >= 48 { return String(format: "%.3g days", hours / 24) }
        if hours >= 1 { return String(format: "%.3g hours", hours) }
        return String(format: "%.3g minutes", hours * 60)
    }
}
