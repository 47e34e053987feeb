import FoundationEssentials

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
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioFileError(file: path, field: "", message: "no such file")
        }
        guard !isDirectory else {
            throw ScenarioFileError(file: path, field: "", message: "is a directory, not a scenario file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt).map(Int64.init(clamping:)) ?? 0
        guard size <= Int64(maxFileBytes) else { throw tooLarge(path, bytes: size) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioFileError(file: path, field: "", message: "cannot read the file (check its permissions)")
        }
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(data, file: path, defaultName: base)
    }

    /// Parses and validates a scenario document.
    /// - Parameters:
    ///   - file: the name to put in error messages.
    ///   - defaultName: the scenario's name when the document has no `name`.
    public static func parse(_ data: Data, file: String, defaultName: String = "scenario") throws(ScenarioFileError)
        -> Scenario
    {
        guard data.count <= maxFileBytes else { throw tooLarge(file, bytes: Int64(data.count)) }
        let root = try JSONDocument.parse(data, file: file)
        return try ScenarioReader(file: file).read(root, defaultName: defaultName)
    }
}
