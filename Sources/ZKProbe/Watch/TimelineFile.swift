import Glibc
import SystemSupport
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

    /// Reads the timeline at `path`.
    /// - Throws: ``TimelineFileError``: cannot open or read it, a folder or not a regular file (a FIFO, a device:
    ///   the reader seeks to the tail), empty, a line over ``lineLimit``, a
    ///   line that is not JSON, not a timeline, or a needed key missing.
    public static func read(_ path: String) throws(TimelineFileError) -> TimelineFile {
        func fail(_ problem: TimelineFileError.Problem, line: String? = nil) -> TimelineFileError {
            TimelineFileError(path: path, line: line, problem: problem)
        }
        let fd: Int32
        // Without blocking: a FIFO with no writer must not hold the reader; it is refused below.
        do { fd = try Errno.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) } } catch {
            throw fail(.cannotOpen(error))
        }
        defer { Syscalls.close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw fail(.cannotRead(Errno.current)) }
        if status.st_mode & S_IFMT == S_IFDIR { throw fail(.folder) }
        if status.st_mode & S_IFMT != S_IFREG { throw fail(.notAFile) }
        let lines = LineAccess(fd: fd, size: Int(status.st_size))
        do {
            let head = try lines.first()
            guard !head.bytes.isEmpty else { throw fail(.empty) }
            var tail: [LineAccess.Line] = []
            var end = lines.contentEnd
            while tail.count < 2, end > head.end {
                let line = try lines.last(before: end)
                tail.append(line)
                end = line.start - 1
            }
            return try TimelineReading(path: path).timeline(head: head.bytes, tail: tail.map(\.bytes))
        } catch let error as TimelineFileError {
            throw error
        } catch let error as Errno {
            throw fail(.cannotRead(error))
        } catch {
            throw fail(.lineTooLong(limit: lineLimit))
        }
    }
}
