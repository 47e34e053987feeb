import Foundation

@testable import ZKProbe

/// A `zkprobe watch --timeline` file read as an operator's program would: JSON Lines, only the keys that
/// docs/zkprobe-watch.md documents (unknown keys ignored), each round's `check` decoded with `CheckDocument`, the
/// type `zkprobe check --format json` writes.
struct WatchTimelineFile {
    struct Header: Decodable {
        struct Settings: Decodable {
            let interval: Double
            let timeout: Double
            let members: [String]
            let clientProbe: String?
            let started: Double
        }
        let timeline: String
        let version: Int
        let settings: Settings
    }

    struct Round: Decodable {
        let round: Int
        let start: Double
        let seconds: Double
        let late: Bool
        let check: CheckDocument
    }

    struct End: Decodable {
        let end: Double
        let rounds: Int
        let stoppedBy: String
        let episodes: [Episode]
    }

    /// When something happened: after `after` (`nil`: before the first round) and no later than `before`.
    struct Instant: Decodable, CustomStringConvertible {
        let member: String?
        let after: Double?
        let before: Double

        var description: String { "\(member.map { $0 + " " } ?? "")(\(after.map { "\($0)" } ?? "-")–\(before)]" }
    }

    /// A duration between `min` and `max` seconds (`max` `nil`: unbounded).
    struct Span: Decodable, CustomStringConvertible {
        let min: Double
        let max: Double?

        var description: String { "\(min)–\(max.map { "\($0)" } ?? "?") s" }
    }

    struct Episode: Decodable {
        let number: Int
        let kind: String
        let worst: String
        let began: Instant
        let ended: Instant?
        let memberDown: Instant?
        let leaderLost: Instant?
        let electionStarted: Instant?
        let newLeader: Instant?
        let writesFailed: Instant?
        let writesWorked: Instant?
        let detectSeconds: Span?
        let electionSeconds: Span?
        let serveAgainSeconds: Span?
        let unavailableSeconds: Span?
        let unavailableFrom: String?
        let resolutionSeconds: Double

        /// Whether the episode may hold time `t`: from its beginning's lower bound to its end's upper bound (to
        /// `end` while it was still open).
        func spans(_ t: Double, end: Double) -> Bool {
            (began.after ?? -.infinity) <= t && t <= (ended?.before ?? end)
        }
    }

    let header: Header
    let rounds: [Round]
    let end: End

    /// Reads the file at `path`.
    /// - Throws: `DecodingError` naming the line that does not read, or `ExternalTool.Failure` for a file
    ///   without a header and an end line.
    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n"), lines.count >= 3 else {
            throw ExternalTool.Failure(description: "\(path): not a whole timeline (\(lines.count - 1) lines)")
        }
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ number: Int) throws -> T {
            do {
                return try decoder.decode(type, from: Data(lines[number].utf8))
            } catch {
                throw ExternalTool.Failure(description: "\(path):\(number + 1): \(error)")
            }
        }
        header = try decode(Header.self, 0)
        rounds = try (1..<lines.count - 2).map { try decode(Round.self, $0) }
        end = try decode(End.self, lines.count - 2)
    }
}
