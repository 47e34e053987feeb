import SystemSupport
import ToolkitSupport

/// Why ``TimelineFile`` could not read a timeline; the description names the file and the line, in one line.
public struct TimelineFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case cannotOpen(Errno)
        case cannotRead(Errno)
        case folder
        /// A FIFO, a device or a socket: not a file whose tail can be read.
        case notAFile
        case empty
        /// A line longer than ``TimelineFile/lineLimit``.
        case lineTooLong(limit: Int)
        /// Not JSON: the parser's reason.
        case notJSON(String)
        /// The first line is not a `zkprobe watch` timeline's.
        case notTimeline
        /// `key` is missing or is not `expected`.
        case badKey(key: String, expected: String)
    }

    /// The file as given.
    public var path: String
    /// Which line: `line 1`, `the last line`, `the line before the last`.
    public var line: String?
    public var problem: Problem

    public init(path: String, line: String? = nil, problem: Problem) {
        self.path = path
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let reason: String
        switch problem {
        case .cannotOpen(let code): reason = "cannot read the timeline: \(code) (check the path and permissions)"
        case .cannotRead(let code): reason = "cannot read the timeline: \(code)"
        case .folder: reason = "is a folder; give the timeline that zkprobe watch wrote"
        case .notAFile: reason = "is not a regular file; give the timeline that zkprobe watch wrote"
        case .empty: reason = "is empty; give the timeline that zkprobe watch wrote"
        case .lineTooLong(let limit):
            reason = "a line is longer than \(limit >> 20) MiB, the most read; is this a zkprobe watch timeline?"
        case .notJSON(let text): reason = "not JSON (\(oneLine(text))); is this a zkprobe watch timeline?"
        case .notTimeline:
            reason =
                "not a zkprobe watch timeline (no \"timeline\": \"\(TimelineFormat.kind)\" and a version from 1 on); "
                + "give the timeline that zkprobe watch wrote"
        case .badKey(let key, let expected): reason = "\"\(key)\" is missing or not \(expected)"
        }
        return ([oneLine(path)] + [line].compactMap { $0 }).joined(separator: ": ") + ": " + reason
    }
}
