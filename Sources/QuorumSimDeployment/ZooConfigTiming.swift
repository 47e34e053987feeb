import ToolkitSupport

/// `tickTime` and `syncLimit` of a zoo.cfg, for the election's detection time.
///
/// Only these two keys are read, each `key=value`, `key: value` or `key value` on its own line (`#`/`!` comments
/// skipped; no `\` continuations, which these numbers never need), the last line winning as in `java.util.Properties`; members, groups and weights come from ZKProbe's reader.
package enum ZooConfigTiming {
    /// `(tickTime ms, syncLimit)`, each `nil` when the file does not set it.
    /// - Throws: `DeploymentError` naming the line when a value is not a whole number in range.
    package static func read(_ text: String, path: String) throws(DeploymentError) -> (tickTime: Int?, syncLimit: Int?) {
        var tickTime: Int?
        var syncLimit: Int?
        for (index, raw) in text.fileLines.enumerated() {
            let line = raw.trimmingBlanks(alsoTrimming: "\r")
            // As java.util.Properties: the key ends at the first `=`, `:` or blank; one `=`/`:` may follow blanks.
            guard !line.hasPrefix("#"), !line.hasPrefix("!"),
                let end = line.firstIndex(where: { $0 == "=" || $0 == ":" || $0 == " " || $0 == "\t" })
            else { continue }
            let key = String(line[..<end])
            var value = line[end...].trimmingBlanks()
            if value.hasPrefix("=") || value.hasPrefix(":") {
                value = value.dropFirst().trimmingBlanks()
            }
            switch key {
            case "tickTime": tickTime = try wholeNumber(value, key, 1...86_400_000, "\(path):\(index + 1)")
            case "syncLimit": syncLimit = try wholeNumber(value, key, 1...1_000_000, "\(path):\(index + 1)")
            default: continue
            }
        }
        return (tickTime, syncLimit)
    }

    private static func wholeNumber(_ text: String, _ key: String, _ range: ClosedRange<Int>, _ place: String)
        throws(DeploymentError) -> Int
    {
        guard let value = Int(text), range.contains(value) else {
            throw DeploymentError(
                "\(place): \(key)=\(text.prefix(40)): expected a whole number from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return value
    }
}
