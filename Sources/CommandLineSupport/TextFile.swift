import SystemSupport

import Glibc
import ToolkitSupport

/// Reads a small text file a command is given (a zoo.cfg, a zone map, `zkprobe serve`'s configuration) in bounded
/// chunks, so that a wrong path (`/dev/urandom`, a log file, a FIFO that never ends) costs at most `limit` bytes
/// of memory and stops at once, with a reason that says what is wrong with it.
///
/// The file is opened without blocking (a FIFO with no writer reads as empty instead of hanging), read 64 KiB at
/// a time, and refused as soon as it holds a NUL byte (not text) or passes `limit`; what is read must be UTF-8.
package enum TextFile {
    /// The most read of a zoo.cfg (or its dynamic file), a zone map or a list of hosts: such files are a few KiB.
    package static let configurationLimit = 1 << 20

    /// A reader that `zkprobe check` and `zkprobe serve` are given, so tests can supply files from memory.
    package typealias Reader = (String) throws(TextFileError) -> String

    /// Bytes per `read(2)`.
    static let chunkBytes = 64 << 10

    /// The whole file at `path` as text; `what` names it in errors ("zoo.cfg", "file").
    /// - Throws: `TextFileError`: cannot open or read it (with the system's reason), a folder, larger than
    ///   `limit`, a NUL byte in it (binary), or not UTF-8.
    package static func read(_ path: String, limit: Int, what: String = "file") throws(TextFileError) -> String {
        let fd = try openForReading(path, what: what)
        defer { Syscalls.close(fd) }
        do { return try text(of: fd, limit: limit) } catch {
            throw TextFileError(path: path, what: what, problem: error)
        }
    }

    /// `path` opened for reading, blocking, refused when it is a folder; the caller closes it.
    static func openForReading(_ path: String, what: String) throws(TextFileError) -> Int32 {
        let fd: Int32
        do { fd = try Errno.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) } } catch {
            throw TextFileError(path: path, what: what, problem: .cannotOpen(errno: error))
        }
        // Blocking again after the open: a FIFO with a writer is read to its end, one without reads as empty.
        Syscalls.setBlocking(fd)
        var status = stat()
        if fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            Syscalls.close(fd)
            throw TextFileError(path: path, what: what, problem: .folder)
        }
        return fd
    }

    /// The whole of standard input as text, read as ``read(_:limit:what:)`` reads a file; named "standard input".
    package static func standardInput(limit: Int) throws(TextFileError) -> String {
        do { return try text(of: STDIN_FILENO, limit: limit) } catch {
            throw TextFileError(path: "standard input", what: "input", problem: error)
        }
    }

    /// What is left of the open descriptor `fd`, read a chunk at a time to its end: refused at the first NUL
    /// byte, past `limit` bytes (after reading at most one chunk more), or when it is not UTF-8.
    static func text(of fd: Int32, limit: Int) throws(TextFileError.Problem) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        while true {
            let count: Int
            do { count = try FileBytes.readChunk(fd, into: &chunk) } catch { throw .cannotRead(errno: error) }
            if count == 0 { break }
            if let nul = chunk[..<count].firstIndex(of: 0) { throw .binary(offset: bytes.count + nul) }
            guard bytes.count + count <= limit else { throw .tooLarge(limit: limit) }
            bytes += chunk[..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        return text
    }

    /// `read(_:limit:what:)` with ``configurationLimit``, as a ``Reader``.
    package static func readConfiguration(_ path: String) throws(TextFileError) -> String {
        try read(path, limit: configurationLimit)
    }
}

/// Why ``TextFile`` refused a file; the description names the path and says what to do.
package struct TextFileError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Problem: Error, Sendable, Equatable {
        case cannotOpen(errno: Errno)
        case cannotRead(errno: Errno)
        case folder
        /// A FIFO, a device or a socket where a regular file is read from its end
        /// (``TextFile/ends(of:lastLines:lineLimit:what:)``).
        case notAFile
        case tooLarge(limit: Int)
        /// A NUL byte at `offset`: binary data, not text.
        case binary(offset: Int)
        case notUTF8
        /// A line longer than `limit` bytes (``TextFile/ends(of:lastLines:lineLimit:what:)``).
        case lineTooLong(limit: Int)
    }

    package var path: String
    /// What the file should have been ("zoo.cfg", "zone map", "file").
    package var what: String
    package var problem: Problem

    package init(path: String, what: String = "file", problem: Problem) {
        self.path = path
        self.what = what
        self.problem = problem
    }

    package var description: String {
        let reason: String
        switch problem {
        case .cannotOpen(let code):
            reason = "cannot read the \(what): \(code) (check the path and permissions)"
        case .cannotRead(let code): reason = "cannot read the \(what): \(code)"
        case .folder: reason = "is a folder; give the \(what) itself"
        case .notAFile:
            reason = "is not a regular file (a pipe or a device cannot be read from its end); give the \(what) itself"
        case .tooLarge(let limit):
            reason = "the \(what) is larger than \(Self.size(limit)), the most read; is this the right file?"
        case .binary(let offset):
            reason = "not a text file: it holds a NUL byte (at byte \(offset)); is this the right file?"
        case .notUTF8: reason = "the \(what) is not UTF-8 text; is this the right file?"
        case .lineTooLong(let limit):
            reason = "a line of the \(what) is longer than \(Self.size(limit)), the most read; is this the right file?"
        }
        return "\(oneLine(path)): \(reason)"
    }

    /// `1 MiB`, `4 MiB`, `256 KiB`: limits are powers of two.
    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }
}
