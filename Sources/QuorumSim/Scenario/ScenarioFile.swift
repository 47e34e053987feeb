import ToolkitSupport

/// Reads scenario files (JSON, see docs/scenario-format.md) into validated `Scenario`s.
///
/// `JSONInputParser` parses the syntax (through `JSONDocument`); every field is then checked
/// here, one by one, so that a bad file yields one error naming the file and the
/// field, and nothing is simulated from a half-read file.
public enum ScenarioFile {
    static let topLevelFields = [
        "name", "description", "zones", "servers", "serverFaults", "partitions", "maintenance", "election", "run",
        "kafka",
    ]
    static let distributionKinds = ["exponential", "fixed", "weibull", "lognormal"]

    /// The largest scenario file, bytes (4 MiB). A scenario holds at most 64 servers and 64 zones, a few
    /// kilobytes, and at most 100 000 measured elections (`MeasuredElections.maxSamples`, about 17 bytes each as
    /// `quorumsim scenario` writes them); the cap keeps a runaway file (say 200 000 servers) from being parsed
    /// into memory at all.
    public static let maxFileBytes = 4 << 20

    static func tooLarge(_ file: String, bytes: Int64) -> ScenarioFileError {
        ScenarioFileError(
            file: file, field: "",
            message: "\(bytes) bytes, more than the \(maxFileBytes) a scenario file may have "
                + "(at most 64 servers and 100000 measured elections)")
    }

    /// Reads and validates the file at `path` (at most `maxFileBytes`).
    public static func load(path: String) throws(ScenarioFileError) -> Scenario {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path, limit: maxFileBytes) } catch {
            switch error {
            case .missing: throw ScenarioFileError(file: path, field: "", message: "no such file")
            case .folder: throw ScenarioFileError(file: path, field: "", message: "is a directory, not a scenario file")
            case .tooLarge(let size): throw tooLarge(path, bytes: Int64(size))
            case .cannotRead(let code):
                throw ScenarioFileError(
                    file: path, field: "", message: "cannot read the file: \(code) (check its permissions)")
            }
        }
        return try parse(bytes, file: path, defaultName: defaultName(ofPath: path))
    }

    /// The file's name without its folder and its extension (`scenarios/five-zones.json` → `five-zones`), as
    /// `URL(fileURLWithPath:).deletingPathExtension().lastPathComponent` gives it: a scenario's name when it has
    /// none of its own. A leading dot does not start an extension (`.hidden`), nor does a trailing one (`x.`).
    static func defaultName(ofPath path: String) -> String {
        guard let last = path.split(separator: "/").last else { return path }
        if let dot = last.lastIndex(of: "."), dot != last.startIndex, last.index(after: dot) != last.endIndex {
            return String(last[..<dot])
        }
        return String(last)
    }

    /// Parses and validates a scenario document.
    /// - Parameters:
    ///   - bytes: the document's bytes (`Array(text.utf8)`, `text.utf8`, or a test's `Data`).
    ///   - file: the name to put in error messages.
    ///   - defaultName: the scenario's name when the document has no `name`.
    public static func parse(
        _ bytes: some Collection<UInt8>, file: String, defaultName: String = "scenario"
    ) throws(ScenarioFileError) -> Scenario {
        guard bytes.count <= maxFileBytes else { throw tooLarge(file, bytes: Int64(bytes.count)) }
        let root = try JSONDocument.parse(Array(bytes), file: file)
        return try ScenarioReader(file: file).read(root, defaultName: defaultName)
    }
}
