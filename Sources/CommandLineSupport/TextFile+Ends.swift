import ToolkitSupport

extension TextFile {
    /// The first line and the last `lastLines` complete lines after it of the file at `path`, read from its two
    /// ends only by ToolkitSupport's `FileEnds` (a last fragment without `\n` is a line still being written and is
    /// left out of `last`), as text; `what` names the file in errors.
    /// - Throws: `TextFileError`: cannot open or read it, a folder, not a regular file (a pipe cannot be read from
    ///   its end), a line longer than `lineLimit` bytes, a NUL byte in what was read (binary), or not UTF-8.
    package static func ends(
        of path: String, lastLines: Int, lineLimit: Int, what: String = "file"
    ) throws(TextFileError) -> (first: String, last: [String]) {
        do throws(TextFileError.Problem) {
            let ends: FileEnds
            do { ends = try FileEnds.read(path, lastLines: lastLines, lineLimit: lineLimit) } catch {
                switch error {
                case .cannotOpen(let code): throw .cannotOpen(errno: code)
                case .cannotRead(let code): throw .cannotRead(errno: code)
                case .folder: throw .folder
                case .notAFile: throw .notAFile
                case .lineTooLong(let limit): throw .lineTooLong(limit: limit)
                }
            }
            let first = try text(ends.first, at: 0)
            var offset = ends.lastStart
            var last: [String] = []
            for bytes in ends.last {
                last.append(try text(bytes, at: offset))
                offset += bytes.count + 1
            }
            return (first, last)
        } catch {
            throw TextFileError(path: path, what: what, problem: error)
        }
    }

    private static func text(_ bytes: [UInt8], at offset: Int) throws(TextFileError.Problem) -> String {
        if let nul = bytes.firstIndex(of: 0) { throw .binary(offset: offset + nul) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        return text
    }
}
