import Glibc
import SystemSupport

extension TextFile {
    /// The first line and the last `lastLines` complete lines of the file at `path`, read from its two ends
    /// only (`pread`), so that a file of gigabytes (a day's `zkprobe watch` timeline) costs a few lines of memory.
    ///
    /// A line ends at `\n` (the `\n` is not returned); a last fragment without one is a line still being written
    /// and is left out of `last` (not of `first`). Both may overlap in a short file; `last` holds fewer lines when
    /// the file has fewer.
    /// - Throws: `TextFileError`: cannot open or read it (a pipe cannot be read from its end), a folder, a line
    ///   longer than `lineLimit` bytes, a NUL byte in what was read (binary), or not UTF-8.
    package static func ends(
        of path: String, lastLines: Int, lineLimit: Int, what: String = "file"
    ) throws(TextFileError) -> (first: String, last: [String]) {
        let fd = try openForReading(path, what: what)
        defer { Syscalls.close(fd) }
        do throws(TextFileError.Problem) {
            var status = stat()
            guard fstat(fd, &status) == 0 else { throw TextFileError.Problem.cannotRead(errno: Errno.current) }
            let size = Int(status.st_size)
            let first = try firstLine(fd, size: size, lineLimit: lineLimit)
            let last = try lastCompleteLines(fd, size: size, count: lastLines, lineLimit: lineLimit)
            return (first, last)
        } catch {
            throw TextFileError(path: path, what: what, problem: error)
        }
    }

    /// Whether `path` names a regular file (following links), which ``ends(of:lastLines:lineLimit:what:)`` can
    /// read from its end; a pipe or FIFO cannot, and opening one to find out could take its only reader away.
    /// The corresponding C function is `stat`.
    package static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    private static func firstLine(_ fd: Int32, size: Int, lineLimit: Int) throws(TextFileError.Problem) -> String {
        var bytes: [UInt8] = []
        var offset = 0
        while offset < size {
            let chunk = try readChunk(fd, at: offset, count: min(chunkBytes, size - offset))
            if chunk.isEmpty { break }
            if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                bytes += chunk[..<newline]
                break
            }
            bytes += chunk
            offset += chunk.count
            guard bytes.count <= lineLimit else { throw .lineTooLong(limit: lineLimit) }
        }
        guard bytes.count <= lineLimit else { throw .lineTooLong(limit: lineLimit) }
        return try text(bytes)
    }

    /// Reads backwards a chunk at a time until `count` + 1 newlines (or the file's start) are held.
    private static func lastCompleteLines(
        _ fd: Int32, size: Int, count: Int, lineLimit: Int
    ) throws(TextFileError.Problem) -> [String] {
        var chunks: [[UInt8]] = []
        var newlines = 0
        var held = 0
        var start = size
        while start > 0, newlines <= count {
            let from = max(0, start - chunkBytes)
            let chunk = try readChunk(fd, at: from, count: start - from)
            guard chunk.count == start - from else { throw .cannotRead(errno: Errno(EIO)) }
            chunks.append(chunk)
            newlines += chunk.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            held += chunk.count
            start = from
            // Past this, one of the lines wanted is longer than the limit (or a partial last line is).
            guard held <= (count + 1) * lineLimit + chunkBytes else { throw .lineTooLong(limit: lineLimit) }
        }
        let bytes = Array(chunks.reversed().joined())
        guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        var lines = bytes[..<lastNewline].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // Unless the file's start was reached, the first piece is the tail of an earlier line.
        if start > 0 { lines.removeFirst() }
        var result: [String] = []
        for line in lines.suffix(count) {
            guard line.count <= lineLimit else { throw .lineTooLong(limit: lineLimit) }
            result.append(try text(Array(line)))
        }
        return result
    }

    private static func readChunk(_ fd: Int32, at offset: Int, count: Int) throws(TextFileError.Problem) -> [UInt8] {
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
            case .failure(let error): throw .cannotRead(errno: error)
            }
            if n == 0 { break }
            got += n
        }
        return Array(chunk[..<got])
    }

    private static func text(_ bytes: [UInt8]) throws(TextFileError.Problem) -> String {
        if let nul = bytes.firstIndex(of: 0) { throw .binary(offset: nul) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        return text
    }
}
