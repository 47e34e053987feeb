import Foundation

/// A whole input read with a size cap, in bounded chunks: an endless or huge input (`/dev/zero`, a 300 MB pipe)
/// is refused after at most `limit + 1` bytes instead of filling memory first.
package enum CappedInput {
    /// Why an input could not be read; `description` is a phrase to put after the input's name.
    package enum Problem: Error, Equatable, CustomStringConvertible {
        case noSuchFile
        case isDirectory
        case unreadable
        /// More than `limit` bytes.
        case tooLarge(limit: Int)

        package var description: String {
            switch self {
            case .noSuchFile: return "no such file"
            case .isDirectory: return "is a directory, not a file"
            case .unreadable: return "cannot read the file (check its permissions)"
            case .tooLarge(let limit): return "more than \(limit) bytes"
            }
        }
    }

    /// Bytes read per `read(2)`.
    static let chunk = 1 << 16

    /// Up to `count` bytes of `handle`, read until its end or `count`; `nil` when reading fails.
    package static func prefix(_ count: Int, of handle: FileHandle) -> Data? {
        var data = Data()
        while data.count < count {
            let piece: Data?
            do { piece = try handle.read(upToCount: min(chunk, count - data.count)) } catch { return nil }
            guard let piece, !piece.isEmpty else { break }  // nil or empty: the end of the input
            data.append(piece)
        }
        return data
    }

    /// `data` itself when it holds at most `limit` bytes (read as a prefix of `limit + 1`).
    /// - Throws: `Problem.tooLarge` when it holds more.
    package static func checked(_ data: Data, limit: Int) throws(Problem) -> Data {
        guard data.count <= limit else { throw .tooLarge(limit: limit) }
        return data
    }

    /// The file at `path`, at most `limit` bytes, whatever it is (a regular file, a FIFO, a device).
    package static func read(path: String, limit: Int) throws(Problem) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .noSuchFile }
        guard !isDirectory.boolValue else { throw .isDirectory }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable }
        defer { try? handle.close() }
        guard let data = prefix(limit + 1, of: handle) else { throw .unreadable }
        return try checked(data, limit: limit)
    }
}
