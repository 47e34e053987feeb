import Glibc
import SystemSupport

/// Reads whole lines of an open file by offset, a bounded chunk at a time.
struct LineAccess {
    struct Line {
        var bytes: [UInt8]
        /// The offset of the line's first byte.
        var start: Int
        /// The offset just past its last byte (its `\n`, or the end of the file).
        var end: Int
    }

    /// A line past ``TimelineFile/lineLimit``.
    struct TooLong: Error {}

    var fd: Int32
    var size: Int
    var limit = TimelineFile.lineLimit
    static let chunk = 64 << 10

    /// The end of the content: the file's size without one final `\n`.
    var contentEnd: Int {
        guard size > 0, let last = try? read(at: size - 1, count: 1).first, last == 0x0A else { return size }
        return size - 1
    }

    /// The first line.
    func first() throws -> Line {
        var bytes: [UInt8] = []
        var offset = 0
        while offset < size {
            let chunk = try read(at: offset, count: min(Self.chunk, size - offset))
            if let newline = chunk.firstIndex(of: 0x0A) {
                bytes += chunk[..<newline]
                return try bounded(Line(bytes: bytes, start: 0, end: offset + newline))
            }
            bytes += chunk
            offset += chunk.count
            if bytes.count > limit { throw TooLong() }
        }
        return try bounded(Line(bytes: bytes, start: 0, end: size))
    }

    /// The line that ends at `end` (the offset of its `\n`, or the content's end).
    func last(before end: Int) throws -> Line {
        var chunks: [[UInt8]] = []
        var collected = 0
        var offset = end
        while offset > 0 {
            let count = min(Self.chunk, offset)
            let chunk = try read(at: offset - count, count: count)
            if let newline = chunk.lastIndex(of: 0x0A) {
                chunks.append(Array(chunk[(newline + 1)...]))
                let start = offset - count + newline + 1
                return try bounded(Line(bytes: Array(chunks.reversed().joined()), start: start, end: end))
            }
            chunks.append(chunk)
            collected += count
            offset -= count
            if collected > limit { throw TooLong() }
        }
        return try bounded(Line(bytes: Array(chunks.reversed().joined()), start: 0, end: end))
    }

    private func bounded(_ line: Line) throws -> Line {
        guard line.bytes.count <= limit else { throw TooLong() }
        return line
    }

    /// `count` bytes at `offset` (fewer only at the end of the file).
    func read(at offset: Int, count: Int) throws(Errno) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let result = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(Errno) in
                    try Errno.retryingInterrupts { pread(fd, raw.baseAddress! + got, count - got, off_t(offset + got)) }
                }
            }
            let n = try result.get()
            if n == 0 { break }
            got += n
        }
        return Array(buffer[..<got])
    }
}
