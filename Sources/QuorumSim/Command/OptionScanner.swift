/// Splits a subcommand's arguments into options and operands, for the commands whose options are a flat list.
///
/// Options take a value as `--name value` or `--name=value`; flags take none; `--` ends the options.
struct OptionScanner {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var operands: [String] = []

    init(_ arguments: [String], command: String, valued: Set<String>, flags known: Set<String>) throws(UsageError) {
        var index = 0
        var ended = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if ended || !argument.hasPrefix("-") || argument == "-" {
                operands.append(argument)
                continue
            }
            if argument == "--" {
                ended = true
                continue
            }
            var name = argument
            var inline: String?
            if let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            if name == "-h" { name = "--help" }
            if known.contains(name) {
                guard inline == nil else { throw UsageError("\(name) takes no value", command: command) }
                flags.insert(name)
            } else if valued.contains(name) {
                if let inline {
                    values[name] = inline
                } else {
                    guard index < arguments.count else { throw UsageError("\(name) needs a value", command: command) }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                throw UsageError("unknown option '\(name)'", command: command)
            }
        }
    }

    /// A duration option (`4380h`, `10s`) in hours.
    func hours(_ name: String, command: String, default value: Double? = nil, allowZero: Bool = false)
        throws(UsageError) -> Double?
    {
        guard let text = values[name] else { return value }
        do {
            return try DurationText.hours(text, allowZero: allowZero)
        } catch {
            throw UsageError(
                "\(name) \(text): expected a positive duration with a unit (ms, s, m, h, d, y), such as 24h",
                command: command)
        }
    }

    func number(_ name: String, command: String, range: ClosedRange<Double>) throws(UsageError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let v = Double(text), v.isFinite, range.contains(v) else {
            throw UsageError(
                "\(name) \(text): expected a number from \(range.lowerBound) to \(range.upperBound)", command: command)
        }
        return v
    }
}
