import Glibc
import SystemSupport

/// The first line and the last complete lines of a regular file, read from its two ends only (`pread`), so that a
/// file of gigabytes (a day's `zkprobe watch` timeline) costs a few lines of memory. ZKProbe's `TimelineFile` and
/// CommandLineSupport's `TextFile.ends` (quorumsim's timeline reader) both read through it, each with its own
/// error texts.
///
/// A line ends at `\n` (the `\n` is not kept); a last fragment without one is a line still being written and is
/// left out of ``last`` (not of ``first``: a file of one line without `\n` is that line).
package struct FileEnds: Sendable, Equatable {
    /// The file's first line (empty for an empty file).
    package var first: [UInt8]
    /// At most the `lastLines` last complete lines after the first line, oldest first.
    package var last: [[UInt8]]
    /// The offset of the first byte of `last`'s first line (the file's size when `last` is empty).
    package var lastStart: Int

    /// Why the ends of a file could not be read.
    package enum Problem: Error, Sendable, Equatable {
        case cannotOpen(Errno)
        case cannotRead(Errno)
        case folder
        /// A FIFO, a device or a socket: not a file whose tail can be read.
        case notAFile
        /// A line longer than `limit` bytes.
        case lineTooLong(limit: Int)
    }

    /// Bytes per `pread`.
    package static let chunkBytes = 64 << 10

    /// The ends of the regular file at `path`: its first line and its last `lastLines` complete lines after it.
    ///
    /// The file is opened without blocking (a FIFO without a writer is refused at once, not waited on) and read a
    /// chunk at a time: forwards to the first `\n`, backwards from the end to the `lastLines` + 1st `\n` before it.
    /// At most about (`lastLines` + 2) × `lineLimit` bytes are held. The corresponding C functions are `open`,
    /// `fstat` and `pread`.
    /// - Throws: ``Problem``: cannot open or read it, a folder, not a regular file, or a line that is read longer
    ///   than `lineLimit` bytes.
    package static func read(_ path: String, lastLines: Int, lineLimit: Int) throws(Problem) -> FileEnds {
        let fd: Int32
        do { fd = try Errno.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) } } catch {
            throw .cannotOpen(error)
        }
        defer { Syscalls.close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .cannotRead(Errno.current) }
        if status.st_mode & S_IFMT == S_IFDIR { throw .folder }
        if status.st_mode & S_IFMT != S_IFREG { throw .notAFile }
        let size = Int(status.st_size)
        let first = try firstLine(fd, size: size, lineLimit: lineLimit)
        // The lines after the first begin past its `\n`; a file without one has no other line.
        let rest = first.count < size ? first.count + 1 : size
        return try lastCompleteLines(fd, first: first, from: rest, size: size, count: lastLines, lineLimit: lineLimit)
    }

    /// Whether `path` names a regular file (following links), which ``read(_:lastLines:lineLimit:)`` can read from
    /// its end; a pipe or FIFO cannot, and opening one to find out could take its only reader away.
    /// The corresponding C function is `stat`.
    package static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    private static func firstLine(_ fd: Int32, size: Int, lineLimit: Int) throws(Problem) -> [UInt8] {
        var bytes: [UInt8] = []
        var offset = 0
        while offset < size {
            let chunk = try readChunk(fd, at: offset, count: min(chunkBytes, size - offset))
            if chunk.isEmpty { break }
            if let newline = firstNewline(in: chunk) {
                bytes += chunk[..<newline]
                break
            }
            bytes += chunk
            offset += chunk.count
            guard bytes.count <= lineLimit else { throw .lineTooLong(limit: lineLimit) }
        }
        guard bytes.count <= lineLimit else { throw .lineTooLong(limit: lineLimit) }
        return bytes
    }

    /// The file's ends with `first`: reads backwards from `size` a chunk at a time until `count` + 1 newlines (or
    /// `lowest`) are held.
    private static func lastCompleteLines(
        _ fd: Int32, first: [UInt8], from lowest: Int, size: Int, count: Int, lineLimit: Int
    ) throws(Problem) -> FileEnds {
        var chunks: [[UInt8]] = []
        var newlines = 0
        var held = 0
        var start = size
        while start > lowest, newlines <= count {
            let from = max(lowest, start - chunkBytes)
            let chunk = try readChunk(fd, at: from, count: start - from)
            guard chunk.count == start - from else { throw .cannotRead(Errno(EIO)) }
            chunks.append(chunk)
            newlines += newlineCount(in: chunk, upTo: count + 1 - newlines)
            held += chunk.count
            start = from
            // Past this, one of the lines wanted is longer than the limit (or a partial last line is).
            guard held <= (count + 1) * lineLimit + chunkBytes else { throw .lineTooLong(limit: lineLimit) }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(held)
        for chunk in chunks.reversed() { bytes.append(contentsOf: chunk) }  // not `joined()`: a byte at a time
        // The last `count` + 1 newlines, latest first: the lines wanted end at the first `count` of them, each
        // beginning past the newline before it.
        let ends = lastNewlines(in: bytes, count: count + 1)
        guard let lastNewline = ends.first else { return FileEnds(first: first, last: [], lastStart: size) }
        var result: [[UInt8]] = []
        for (index, end) in ends.prefix(count).enumerated() {
            let begin: Int
            if index + 1 < ends.count {
                begin = ends[index + 1] + 1
            } else if start > lowest {
                break  // Unless `lowest` was reached, the piece before the earliest newline is an earlier line's tail.
            } else {
                begin = 0
            }
            guard end - begin <= lineLimit else { throw .lineTooLong(limit: lineLimit) }
            result.append(Array(bytes[begin..<end]))
        }
        result.reverse()
        let lastStart = start + lastNewline + 1 - result.reduce(0) { $0 + $1.count + 1 }
        return FileEnds(first: first, last: result, lastStart: lastStart)
    }

    // The byte scans go through memchr: a Swift loop over each byte of a 16 MiB line costs seconds in a
    // debug build and half a minute under AddressSanitizer.

    /// The offset of the first `\n` in `bytes`.
    static func firstNewline(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, let hit = memchr(base, 0x0A, raw.count) else { return nil }
            return UnsafeRawPointer(hit) - base
        }
    }

    /// How many `\n` `bytes` holds, counting no further than `limit`.
    static func newlineCount(in bytes: [UInt8], upTo limit: Int) -> Int {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return 0 }
            var found = 0
            var offset = 0
            while found < limit, offset < raw.count, let hit = memchr(base + offset, 0x0A, raw.count - offset) {
                found += 1
                offset = UnsafeRawPointer(hit) - base + 1
            }
            return found
        }
    }

    /// The offsets of the last `count` `\n` in `bytes`, latest first (found forwards: glibc's `memrchr` is a GNU
    /// extension the Glibc module does not declare).
    static func lastNewlines(in bytes: [UInt8], count: Int) -> [Int] {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, count > 0 else { return [] }
            var found: [Int] = []  // oldest first, at most `count`
            var offset = 0
            while offset < raw.count, let hit = memchr(base + offset, 0x0A, raw.count - offset) {
                let at = UnsafeRawPointer(hit) - base
                if found.count == count { found.removeFirst() }
                found.append(at)
                offset = at + 1
            }
            return found.reversed()
        }
    }

    private static func readChunk(_ fd: Int32, at offset: Int, count: Int) throws(Problem) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let read = chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(Errno) in
                    try Errno.retryingInterrupts {
                        pread(fd, buffer.baseAddress! + got, count - got, off_t(offset + got))
                    }
                }
            }
            let n: Int
            switch read {
            case .success(let bytes): n = bytes
            case .failure(let error): throw .cannotRead(error)
            }
            if n == 0 { break }
            got += n
        }
        return Array(chunk[..<got])
    }
}
