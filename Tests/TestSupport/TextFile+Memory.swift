import CommandLineSupport
import Glibc

extension TextFile {
    /// A reader over `files` (path → contents), for tests: any other path is missing, as a file that is not there.
    package static func memory(_ files: [String: String] = [:]) -> Reader {
        { path throws(TextFileError) in
            guard let text = files[path] else { throw TextFileError(path: path, problem: .cannotOpen(errno: ENOENT)) }
            return text
        }
    }
}
