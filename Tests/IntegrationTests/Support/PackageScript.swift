import Foundation

/// What `scripts/package` says about where the package puts things, read from the script itself so that docs
/// and pages are checked against the paths the `.deb` really installs.
enum PackageScript {
    static let path: String = EnsembleScript.repositoryRoot.appendingPathComponent("scripts/package").path

    /// The absolute path assigned on the script's `NAME=/...` line: `BINDIR` (the binaries), `EXAMPLES` (the
    /// example scenarios).
    /// - Throws: when there is not exactly one such line with an absolute path.
    static func path(_ name: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let values = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix(name + "=") else { return nil }
            return String(line.dropFirst(name.count + 1))
        }
        guard values.count == 1, let value = values.first, value.hasPrefix("/"), !value.contains("$") else {
            throw ExternalTool.Failure(
                description: "\(path): expected one line '\(name)=/absolute/path' (no variables), found \(values)")
        }
        return value
    }
}
