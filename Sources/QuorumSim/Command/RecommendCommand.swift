import Foundation

/// `quorumsim recommend`: how many voters, in which zones, with the evidence.
public enum RecommendCommand {
    static let help = """
        USAGE: quorumsim recommend [--zones N|a,b,c] [--from FILE] [options]

        Enumerates 1 to 9 voters and every placement over the zones, evaluates each exactly (time without a
        quorum from the product form, plus elections), and prints the smallest ensemble that meets the target,
        with its evidence: availability and downtime per year with 95% confidence intervals from a simulation,
        its failure tolerance, and why the alternatives lose.

        ZONES AND FAULTS:
          --zones N|NAMES         zones available: a count (3) or names (a,b,c); default 3
          --from FILE             take the zones (with their outage processes), server faults, maintenance and
                                  election settings from a scenario file (its servers are ignored)
          --server-mttf D         mean time to a server failure (default 4380h)
          --server-mttr D         mean time to repair a server (default 24h)
          --zone-mttf D           mean time between outages of a zone (default 17532h)
          --zone-mttr D           mean length of a zone outage (default 4h)
          --no-zone-outages       zones never fail
          --maintenance-period D  rolling maintenance: every D, each server down in turn ...
          --maintenance-duration D   ... for D (fixed)
          --detection D           time to notice a lost leader, syncLimit x tickTime (default 10s)
          --election D            election duration (default 200ms); --detection 0s --election 0s: instant

        TARGET:
          --target-availability A     e.g. 0.99999 (default)
          --target-downtime MINUTES   minutes of write downtime a year
          --max-voters N              largest ensemble considered, 1-9 (default 9)

        OUTPUT:
          --format text|json      (default text)
          --svg FILE              draw downtime per year against voter count, one line per zone layout
          --years N               simulated years per replication for the evidence (default 20000)
          --replications N        (default 16)
          --seed N                (default 1)
          --threads N             (default: one per core)

        The same options and seed give the same advice.

        """

    static let valued: Set<String> = [
        "--zones", "--from", "--server-mttf", "--server-mttr", "--zone-mttf", "--zone-mttr", "--maintenance-period",
        "--maintenance-duration", "--detection", "--election", "--target-availability", "--target-downtime",
        "--max-voters", "--format", "--svg", "--years", "--replications", "--seed", "--threads",
    ]

    public static func main(_ arguments: [String], io: CommandIO) -> ExitCode {
        let command = "quorumsim recommend"
        let request: RecommendRequest
        let scan: OptionScanner
        var run = RunSettings(years: 20000, replications: 16, seed: 1)
        var threads = ProcessInfo.processInfo.activeProcessorCount
        do {
            scan = try OptionScanner(arguments, command: command, valued: valued, flags: ["--help", "--no-zone-outages"])
            if scan.flags.contains("--help") {
                io.writeOutput(help)
                return .success
            }
            guard scan.operands.isEmpty else {
                throw UsageError("unexpected argument '\(scan.operands[0])'", command: command)
            }
            guard ["text", "json"].contains(scan.values["--format"] ?? "text") else {
                throw UsageError("--format must be text or json", command: command)
            }
            request = try makeRequest(scan, command: command)
            if let y = try scan.number("--years", command: command, range: 1...1e9) { run.years = y }
            if let r = try scan.number("--replications", command: command, range: 2...100_000) { run.replications = Int(r) }
            if let s = try scan.number("--seed", command: command, range: 0...9e15) { run.seed = UInt64(s) }
            if let t = try scan.number("--threads", command: command, range: 1...1024) { threads = Int(t) }
        } catch let error as UsageError {
            io.writeError(error.description + "\n")
            return .usage
        } catch let error as ScenarioFileError {
            io.writeError(error.description + "\n")
            return .badScenario
        } catch {
            io.writeError("\(command): \(error)\n")
            return .usage
        }
        let recommendation: Recommendation
        do {
            recommendation = try Recommender.recommend(request)
        } catch {
            io.writeError("\(command): \(error.description)\n")
            return .usage
        }
        // Evidence: simulate the chosen placement and the best odd alternatives below it.
        var evidence: [RecommendationEvidence] = []
        let shown = recommendation.evidenceCandidates
        for placement in shown {
            var scenario = Recommender.scenario(for: placement.counts, request)
            scenario.run = run
            do {
                let report = try Simulator.run(scenario, threads: threads)
                evidence.append(RecommendationEvidence(placement: placement, simulation: report))
            } catch {
                io.writeError("\(command): \(error)\n")
                return .failure
            }
        }
        if let svg = scan.values["--svg"] {
            do {
                try writeAtomically(recommendation.plot().render(), to: svg)
            } catch {
                io.writeError("\(command): --svg \(svg): \(error)\n")
                return .failure
            }
        }
        if scan.values["--format"] == "json" {
            io.writeOutput(recommendation.json(evidence: evidence) + "\n")
        } else {
            io.writeOutput(recommendation.text(evidence: evidence))
        }
        return .success
    }

    static func makeRequest(_ scan: OptionScanner, command: String) throws -> RecommendRequest {
        var zones: [Zone]
        var serverFaults = FaultProcess(timeToFailure: .exponential(mean: 4380), timeToRepair: .exponential(mean: 24))
        var maintenance: Maintenance?
        var election: Election? = Election(detection: 10.0 / 3600, duration: .fixed(0.2 / 3600))
        if let file = scan.values["--from"] {
            let scenario = try ScenarioFile.load(path: file)
            zones = scenario.zones
            if let f = scenario.serverFaults { serverFaults = f }
            maintenance = scenario.maintenance
            election = scenario.election
        } else {
            let zoneOutage =
                scan.flags.contains("--no-zone-outages")
                ? nil
                : FaultProcess(
                    timeToFailure: .exponential(mean: try scan.hours("--zone-mttf", command: command, default: 17532)!),
                    timeToRepair: .exponential(mean: try scan.hours("--zone-mttr", command: command, default: 4)!))
            let spec = scan.values["--zones"] ?? "3"
            if let count = Int(spec) {
                guard (1...8).contains(count) else { throw UsageError("--zones \(spec): choose 1 to 8 zones", command: command) }
                zones = (0..<count).map { Zone(name: String(UnicodeScalar(UInt8(97 + $0))), outage: zoneOutage) }
            } else {
                let names = spec.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard !names.isEmpty, !names.contains(where: \.isEmpty), Set(names).count == names.count, names.count <= 8 else {
                    throw UsageError("--zones \(spec): give a count or up to 8 distinct names, such as a,b,c", command: command)
                }
                zones = names.map { Zone(name: $0, outage: zoneOutage) }
            }
        }
        if scan.values["--server-mttf"] != nil || scan.values["--server-mttr"] != nil {
            serverFaults = FaultProcess(
                timeToFailure: .exponential(mean: try scan.hours("--server-mttf", command: command, default: 4380)!),
                timeToRepair: .exponential(mean: try scan.hours("--server-mttr", command: command, default: 24)!))
        }
        if let period = try scan.hours("--maintenance-period", command: command) {
            guard let duration = try scan.hours("--maintenance-duration", command: command) else {
                throw UsageError("--maintenance-period needs --maintenance-duration", command: command)
            }
            maintenance = Maintenance(period: period, duration: .fixed(duration), order: [])
        } else if scan.values["--maintenance-duration"] != nil {
            throw UsageError("--maintenance-duration needs --maintenance-period", command: command)
        }
        if scan.values["--detection"] != nil || scan.values["--election"] != nil {
            let detection = try scan.hours("--detection", command: command, default: 10.0 / 3600, allowZero: true)!
            let duration = try scan.hours("--election", command: command, default: 0.2 / 3600, allowZero: true)!
            election = detection == 0 && duration == 0 ? nil : Election(detection: detection, duration: .fixed(duration))
        }
        var target = RecommendRequest.Target.availability(0.99999)
        let a = try scan.number("--target-availability", command: command, range: 0...1)
        let d = try scan.number("--target-downtime", command: command, range: 0...525_960)
        if a != nil && d != nil {
            throw UsageError("give --target-availability or --target-downtime, not both", command: command)
        }
        if let a {
            guard a < 1 else { throw UsageError("--target-availability 1: no ensemble is always available; try 0.99999", command: command) }
            target = .availability(a)
        }
        if let d { target = .downtimeMinutesPerYear(d) }
        let maxVoters = Int(try scan.number("--max-voters", command: command, range: 1...9) ?? 9)
        return RecommendRequest(
            zones: zones, serverFaults: serverFaults, maintenance: maintenance, election: election, target: target,
            maxVoters: maxVoters)
    }

    /// Writes through a temporary file in the same folder and a rename, so no half-written picture is left.
    static func writeAtomically(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
