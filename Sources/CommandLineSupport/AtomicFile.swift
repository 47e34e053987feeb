import Glibc

/// Why a file could not be written.
package struct FileWriteError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var operation: String
    package var errno: Int32

    package var description: String {
        "\(path): cannot \(operation): \(String(cString: strerror(errno)))"
    }
}

/// Writes whole files atomically: a temporary file in the same folder, flushed, then renamed over the target.
///
/// A reader (node exporter's textfile collector) sees the old file or the new one, never half of one; two
/// writers overlapping (two cron runs) each rename a complete file, and the last rename wins.
package enum AtomicFile {
    /// Replaces the file at `path` with `contents`, mode 0644.
    /// - Throws: `FileWriteError`; the temporary file is removed on every failure path.
    package static func write(_ contents: String, to path: String) throws(FileWriteError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw FileWriteError(path: path, operation: "write a folder name", errno: EISDIR) }
        var template = Array("\(folder.isEmpty ? "/" : folder)/.\(name).tmp.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileWriteError(path: path, operation: "create a temporary file", errno: errno) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: FileWriteError?
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count && failure == nil {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = FileWriteError(path: path, operation: "write", errno: errno)
            } else {
                offset += n
            }
        }
        if failure == nil, fchmod(fd, 0o644) != 0 { failure = FileWriteError(path: path, operation: "chmod", errno: errno) }
        if failure == nil, fsync(fd) != 0 { failure = FileWriteError(path: path, operation: "fsync", errno: errno) }
        if close(fd) != 0, failure == nil { failure = FileWriteError(path: path, operation: "close", errno: errno) }
        if failure == nil, rename(temporary, path) != 0 {
            failure = FileWriteError(path: path, operation: "rename into place", errno: errno)
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }
}
