import ToolkitSupport

/// What a reader needs of a `zkprobe watch` timeline (docs/zkprobe-watch.md, "The timeline file"): its first line
/// (the settings), its latest round and its last line (the episodes), read from the file's head and tail only, so
/// that a day's timeline costs two lines of memory.
///
/// Reads any version from 1 on whose keys it needs are there, ignoring keys it does not know.
public struct TimelineFile: Sendable {
    /// The longest line read: a round's check document of a large ensemble is tens of KiB.
    public static let lineLimit = 16 << 20

    /// One round's line.
    public struct Round: Sendable {
        public var index: Int
        public var start: Double
        public var seconds: Double
        public var late: Bool
        /// The check's document (`zkprobe check --format json`), as read.
        package var check: JSONInput
    }

    /// The last line of a watch that ended.
    public struct End: Sendable {
        public var end: Double
        public var rounds: Int
        public var stoppedBy: String
        public var episodes: [Episode]
    }

    /// The file's version (1 or later).
    public var version: Int
    public var settings: WatchSettings
    /// The last round written; `nil` when the watch ran none.
    public var latestRound: Round?
    /// `nil` when the file ends without its last line (a copy taken while the watch ran).
    public var end: End?

    /// Reads the timeline at `path` from its two ends (ToolkitSupport's `FileEnds`); a last line without its `\n`
    /// is one still being written and is left out.
    /// - Throws: ``TimelineFileError``: cannot open or read it, a folder or not a regular file (a FIFO, a device:
    ///   the reader seeks to the tail), empty, a line over ``lineLimit``, a
    ///   line that is not JSON, not a timeline, or a needed key missing.
    public static func read(_ path: String) throws(TimelineFileError) -> TimelineFile {
        func fail(_ problem: TimelineFileError.Problem) -> TimelineFileError {
            TimelineFileError(path: path, problem: problem)
        }
        let ends: FileEnds
        do { ends = try FileEnds.read(path, lastLines: 2, lineLimit: lineLimit) } catch {
            switch error {
            case .cannotOpen(let code): throw fail(.cannotOpen(code))
            case .cannotRead(let code): throw fail(.cannotRead(code))
            case .folder: throw fail(.folder)
            case .notAFile: throw fail(.notAFile)
            case .lineTooLong(let limit): throw fail(.lineTooLong(limit: limit))
            }
        }
        guard !ends.first.isEmpty else { throw fail(.empty) }
        return try TimelineReading(path: path).timeline(head: ends.first, tail: ends.last.reversed())
    }
}
