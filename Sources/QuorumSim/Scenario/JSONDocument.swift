import ToolkitSupport

/// A JSON input file parsed for field-by-field reading: the syntax by `JSONInputParser` (with the messages of
/// Foundation's `JSONSerialization`, which it replaced), then a key written twice refused (the parser keeps the
/// last silently), then an object required at the top. Scenario files
/// and `quorumsim live`'s check files read through here, so both report problems the same way.
package enum JSONDocument {
    /// The top-level object of `data` as a `JSONField` whose errors name `file`.
    /// - Throws: `ScenarioFileError` with a line and column for a syntax error or a duplicate key; "number out of
    ///   range" for a number no `Double` holds.
    package static func parse(_ data: [UInt8], file: String) throws(ScenarioFileError) -> JSONField {
        let document: JSONInput
        do {
            document = try JSONInputParser.parse(data)
        } catch {
            throw syntaxError(error.text, data: data, file: file)
        }
        if let duplicate = DuplicateKeyScan.first(in: data) {
            let (line, column) = position(ofByte: duplicate.offset, in: data)
            throw ScenarioFileError(
                file: file, field: duplicate.path, message: "written twice; keep one", line: line, column: column)
        }
        let root = JSONField(value: document, path: "", file: file)
        guard case .object = document else {
            throw ScenarioFileError(
                file: file, field: "", message: "expected a JSON object at the top, found \(root.kind)")
        }
        return root
    }

    /// Turns the parser's "... around character N." into a line and column.
    static func syntaxError(_ detail: String, data: [UInt8], file: String) -> ScenarioFileError {
        // "Number 1e400 is not representable in Swift.": valid JSON, but no Double holds it.
        if let match = detail.firstMatch(of: /^Number (\S+) is not representable/) {
            return ScenarioFileError(file: file, field: "", message: "number out of range: \(match.output.1)")
        }
        var message = detail
        var line: Int?
        var column: Int?
        if let range = detail.firstRange(of: " around character ") {
            let digits = detail[range.upperBound...].prefix { $0.isNumber }
            if let offset = Int(digits) {
                (line, column) = position(ofByte: offset, in: data)
                message = String(detail[..<range.lowerBound])
            }
        } else if data.isEmpty || detail.lowercased().contains("end of file") {
            (line, column) = position(ofByte: data.count, in: data)
        }
        if message.hasSuffix(".") { message.removeLast() }
        if let first = message.first { message = first.lowercased() + message.dropFirst() }
        return ScenarioFileError(file: file, field: "", message: "invalid JSON: \(message)", line: line, column: column)
    }

    /// 1-based line and column of byte `offset`.
    static func position(ofByte offset: Int, in data: [UInt8]) -> (Int, Int) {
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
