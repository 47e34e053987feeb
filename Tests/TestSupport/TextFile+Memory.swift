import CommandLineSupport
import Glibc
import SystemSupport

extension TextFile {
    /// A reader over `files` (path → contents), for tests: any other path is missing, as a file that is not there.
    package static func memory(_ files: [String: String] = [:]) -> Reader {
        { path throws(TextFileError) in
            guard let text = files[path] else { throw TextFileError(path: path, problem: .cannotOpen(errno: Errno(ENOENT))) }
            return text
        }
    }

    /// Standard input holding `text`, for tests, refused past the limit asked as ``standardInput(limit:)`` refuses
    /// a larger input (the real reader is tested through the binaries).
    package static func memoryStandardInput(_ text: String) -> @Sendable (Int) throws(TextFileError) -> String {
        { limit throws(TextFileError) in
            guard text.utf8.count <= limit else {
                throw TextFileError(path: "standard input", what: "input", problem: .tooLarge(limit: limit))
            }
            return text
        }
    }
}
