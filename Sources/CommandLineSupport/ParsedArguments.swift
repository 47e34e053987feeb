import ToolkitSupport

/// The options and operands of one command line, with typed, range-checked getters that throw a
/// `UsageError` naming the flag and what it accepts.
package struct ParsedArguments: Sendable {
    package let command: String
    package var values: [String: String] = [:]
    package var flags: Set<String> = []
    package var operands: [String] = []
    package var helpRequested = false
    /// `-V`/`--version` was given: the command prints its version and does nothing else.
    package var versionRequested = false
    /// How many times `-v`/`--verbose` was given (`-vvv` is 3).
    package var verbosity = 0

    package init(command: String, values: [String: String] = [:], flags: Set<String> = [], operands: [String] = []) {
        self.command = command
        self.values = values
        self.flags = flags
        self.operands = operands
    }

    /// Records a flag; `--verbose` counts instead of being a set member.
    package mutating func record(flag name: String) {
        if name == CommandSpec.verboseOption.name { verbosity += 1 } else { flags.insert(name) }
    }

    /// Whether the command should stop after parsing: help or the version was asked for.
    package var stopsAfterParsing: Bool { helpRequested || versionRequested }

    package func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    package func string(_ name: String) -> String? { values[name] }

    /// The value of `name` converted by `convert`; `expected` says what was wanted, for the error.
    package func value<T>(_ name: String, expected: String, _ convert: (String) -> T?) throws(UsageError) -> T? {
        guard let text = values[name] else { return nil }
        guard let value = convert(text) else { throw invalid(name, text, expected) }
        return value
    }

    /// A whole number within `range`, in decimal (``DecimalText``).
    package func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        try value(name, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)") { text in
            DecimalText.integer(text, as: Int.self).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// A whole number within `range`, unsigned (seeds), in decimal (``DecimalText``).
    package func unsigned(_ name: String, in range: ClosedRange<UInt64> = 0...UInt64.max) throws(UsageError) -> UInt64? {
        try value(name, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)") { text in
            DecimalText.integer(text, as: UInt64.self).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// A finite decimal number (``DecimalText``: no hexadecimal, `inf`, `nan`, `+` or spaces) within `range`;
    /// with `aboveLowerBound`, the lower bound itself is refused.
    package func number(_ name: String, in range: ClosedRange<Double>, aboveLowerBound: Bool = false)
        throws(UsageError) -> Double?
    {
        let low = NumberText.compact(range.lowerBound)
        let high = NumberText.compact(range.upperBound)
        let expected = aboveLowerBound ? "a number above \(low) and at most \(high)" : "a number from \(low) to \(high)"
        return try value(name, expected: expected) { text in
            guard let v = DecimalText.double(text), range.contains(v), !(aboveLowerBound && v == range.lowerBound)
            else { return nil }
            return v
        }
    }

    /// A number of seconds within `range` (by default above its lower bound), as a duration.
    package func seconds(_ name: String, in range: ClosedRange<Double>, aboveLowerBound: Bool = true)
        throws(UsageError) -> Duration?
    {
        guard let s = try number(name, in: range, aboveLowerBound: aboveLowerBound) else { return nil }
        guard let d = Duration(checkedSeconds: s) else {
            throw invalid(name, values[name] ?? "", "a number of seconds")
        }
        return d
    }

    /// `--timeout` as a wall-clock limit (``CommandSpec/wallClockTimeoutOption``): up to a year, in seconds.
    package func wallClockTimeout() throws(UsageError) -> Double? {
        try seconds("--timeout", in: 0...31_536_000).map(\.seconds)
    }

    /// One of an enumeration's raw values.
    package func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws(UsageError) -> T?
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        let list = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? "")
        return try value(name, expected: "one of \(list)") { T(rawValue: $0) }
    }

    /// A usage error for `name`'s value `text`.
    package func invalid(_ name: String, _ text: String, _ expected: String) -> UsageError {
        UsageError("\(name) \"\(CommandSpec.shown(text))\": expected \(expected)", command: command)
    }

    /// A usage error about this command line.
    package func error(_ message: String) -> UsageError { UsageError(message, command: command) }
}
