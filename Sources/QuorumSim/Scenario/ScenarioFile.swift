import Foundation

/// Reads scenario files (JSON, see docs/scenario-format.md) into validated `Scenario`s.
///
/// Foundation's `JSONSerialization` parses the syntax; every field is then checked
/// here, one by one, so that a bad file yields one error naming the file and the
/// field, and nothing is simulated from a half-read file.
public enum ScenarioFile {
    static let topLevelFields = [
        "name", "description", "zones", "servers", "serverFaults", "partitions", "maintenance", "election", "run",
    ]
    static let distributionKinds = ["exponential", "fixed", "weibull", "lognormal"]

    /// The largest scenario file, bytes (256 KiB). A scenario holds at most 64 servers and 64 zones, a few
    /// kilobytes; the cap keeps a runaway file (say 200 000 servers) from being parsed into memory at all.
    public static let maxFileBytes = 1 << 18

    static func tooLarge(_ file: String, bytes: Int64) -> ScenarioFileError {
        ScenarioFileError(
            file: file, field: "",
            message: "\(bytes) bytes, more than the \(maxFileBytes) a scenario file may have (at most 64 servers)")
    }

    /// Reads and validates the file at `path` (at most `maxFileBytes`).
    public static func load(path: String) throws(ScenarioFileError) -> Scenario {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioFileError(file: path, field: "", message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ScenarioFileError(file: path, field: "", message: "is a directory, not a scenario file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
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
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw syntaxError(error, data: data, file: file)
        }
        if let duplicate = DuplicateKeyScan.first(in: [UInt8](data)) {
            let (line, column) = position(ofByte: duplicate.offset, in: data)
            throw ScenarioFileError(
                file: file, field: duplicate.path, message: "written twice; keep one", line: line, column: column)
        }
        let root = JSONField(value: document, path: "", file: file)
        guard document is [String: Any] else {
            throw ScenarioFileError(
                file: file, field: "", message: "expected a JSON object at the top, found \(root.kind)")
        }
        return try ScenarioReader(file: file).read(root, defaultName: defaultName)
    }

    /// Turns Foundation's "... around character N." into a line and column.
    static func syntaxError(_ error: Error, data: Data, file: String) -> ScenarioFileError {
        let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        var message = detail
        var line: Int?
        var column: Int?
        if let range = detail.range(of: " around character ") {
            let digits = detail[range.upperBound...].prefix { $0.isNumber }
            if let offset = Int(digits) {
                (line, column) = position(ofByte: offset, in: data)
                message = String(detail[..<range.lowerBound])
            }
        } else if data.isEmpty || detail.localizedCaseInsensitiveContains("end of file") {
            (line, column) = position(ofByte: data.count, in: data)
        }
        if message.hasSuffix(".") { message.removeLast() }
        if let first = message.first { message = first.lowercased() + message.dropFirst() }
        return ScenarioFileError(file: file, field: "", message: "invalid JSON: \(message)", line: line, column: column)
    }

    /// 1-based line and column of byte `offset`.
    static func position(ofByte offset: Int, in data: Data) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
