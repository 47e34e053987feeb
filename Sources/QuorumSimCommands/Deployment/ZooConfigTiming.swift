import Foundation

/// `tickTime` and `syncLimit` of a zoo.cfg, for the election's detection time.
///
/// Only these two keys are read, each `key=value` or `key: value` on its own line (`#`/`!` comments skipped), the
/// last line winning as in `java.util.Properties`; members, groups and weights come from ZKProbe's reader.
enum ZooConfigTiming {
    /// `(tickTime ms, syncLimit)`, each `nil` when the file does not set it.
    /// - Throws: `DeploymentError` naming the line when a value is not a whole number in range.
    static func read(_ text: String, path: String) throws(DeploymentError) -> (tickTime: Int?, syncLimit: Int?) {
        var tickTime: Int?
        var syncLimit: Int?
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" })
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), !line.hasPrefix("!"),
                let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" })
            else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
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
