import CommandLineSupport
import Foundation
import Testing

@testable import QuorumSim
@testable import QuorumSimCommands

/// The lines under `run`'s text table that judge its figures: an exact figure outside the simulated interval, and
/// whether a target is met.
struct RunTextJudgementTests {
    static let arguments = [CommandTests.good, "--years", "200", "--replications", "4"]

    /// The simulated figures of the scenario, as the JSON report gives them.
    static func simulated() throws -> [String: Any] {
        let (code, capture) = runQuorumSim(["run"] + arguments + ["--format", "json"])
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [[String: Any]])
        return try #require(reports.first)
    }

    static func interval(_ report: [String: Any], _ key: String) throws -> (mean: Double, low: Double, high: Double) {
        let estimate = try #require(report[key] as? [String: Any])
        let ci = try #require(estimate["ci95"] as? [Double])
        return (try #require(estimate["mean"] as? Double), ci[0], ci[1])
    }

    static func text(exact: ExactFigures, extra: [String] = []) throws -> String {
        let options = try RunOptions(arguments: arguments + extra)
        return RunCommand(options: options, exact: { _ in exact }).execute().outputText
    }

    /// An exact time without a quorum inside the interval adds nothing; outside it (above or below), one line per
    /// pair, naming both figures as the table prints them.
    @Test func anExactFigureOutsideTheIntervalIsSaidInOneLine() throws {
        let loss = try Self.interval(try Self.simulated(), "quorumLossMinutesPerYear")
        let year = hoursPerYear * 60
        let inside = try Self.text(exact: ExactFigures(unavailability: loss.mean / year, electionsInstant: false))
        #expect(!inside.contains("lies outside"), "\(inside)")
        for minutes in [loss.high * 1.01, loss.low * 0.99] {
            let outside = try Self.text(exact: ExactFigures(unavailability: minutes / year, electionsInstant: false))
            let notes = outside.split(separator: "\n").filter { $0.contains("lies outside") }
            #expect(notes.count == 1, "\(outside)")
            let exactCell = TextReport.exactCell(minutes)
            #expect(notes.first?.hasPrefix("three-in-one: the exact time without a quorum, \(exactCell) min/yr, lies outside") == true)
            #expect(notes.first?.contains("about 1 run in 20") == true)
            let row = outside.split(separator: "\n").first { $0.hasPrefix("  exact without quorum") }
            #expect(row?.hasSuffix(" \(exactCell)") == true, "\(outside)")
        }
    }

    /// With instant elections the availability is a pair too: outside, it gets its own line beside the time
    /// without a quorum's.
    @Test func theExactAvailabilityIsJudgedToo() throws {
        let loss = try Self.interval(try Self.simulated(), "quorumLossMinutesPerYear")
        let outside = try Self.text(exact: ExactFigures(unavailability: loss.high * 2 / (hoursPerYear * 60)))
        let notes = outside.split(separator: "\n").filter { $0.contains("lies outside") }
        #expect(notes.count == 2, "\(outside)")
        #expect(notes.contains { $0.contains("the exact availability") })
    }

    /// `run --target-downtime` in text: one line per scenario, judged as the chart draws it (the mean against the
    /// line, the interval named when it crosses the line).
    @Test func aTargetIsJudgedInTheText() throws {
        let downtime = try Self.interval(try Self.simulated(), "downtimeMinutesPerYear")
        let cases: [(Double, String)] = [
            (downtime.high * 1.01, "met (simulated downtime "),
            ((downtime.mean + downtime.high) / 2, "met by the mean, not by the whole 95% interval"),
            ((downtime.mean + downtime.low) / 2, "NOT met by the mean, though the 95% interval reaches it"),
            (downtime.low * 0.99, "NOT met (simulated downtime "),
        ]
        for (target, verdict) in cases {
            let text = try Self.text(exact: ExactFigures(unavailability: 0), extra: ["--target-downtime", "\(target)"])
            let lines = text.split(separator: "\n").filter { $0.hasPrefix("target ") }
            #expect(lines.count == 1, "\(text)")
            #expect(lines.first?.contains(": \(verdict)") == true, "\(target): \(lines)")
            #expect(lines.first?.hasSuffix(" for three-in-one.") == true)
        }
        // An availability target is the same limit in minutes.
        let availability = try Self.text(
            exact: ExactFigures(unavailability: 0), extra: ["--target-availability", "0.5"])
        #expect(availability.contains("target 2.63e+05 min/yr: met (simulated downtime "), "\(availability)")
        // Without a target, no such line.
        #expect(!(try Self.text(exact: ExactFigures(unavailability: 0))).contains("\ntarget "))
    }
}
