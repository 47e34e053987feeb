import ToolkitSupport

/// The options and operands of one command line, with typed, range-checked getters that throw a
/// `UsageError` naming the flag and what it accepts.
package struct ParsedArguments: Sendable {
    package let command: String
    /// Each option's value; the last one given when an option is repeated.
    package var values: [String: String] = [:]
    /// Every value of each option, in the order given (an option that may be repeated reads them all).
    package var repeatedValues: [String: [String]] = [:]
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

    /// Records `value` for the option `name`: its value from now on, and one more of its ``texts(of:)``.
    package mutating func record(_ name: String, _ value: String) {
        values[name] = value
        repeatedValues[name, default: []].append(value)
    }

    /// Every value `option` was given, in order, unchecked (an option that may be repeated); empty when absent.
    package func texts<V>(of option: Option<V>) -> [String] {
        repeatedValues[option.name] ?? values[option.name].map { [$0] } ?? []
    }

    /// Records a flag; `--verbose` counts instead of being a set member.
    package mutating func record(flag name: String) {
        if name == CommandSpec.verboseOption.name { verbosity += 1 } else { flags.insert(name) }
    }

    /// Whether the command should stop after parsing: help or the version was asked for.
    package var stopsAfterParsing: Bool { helpRequested || versionRequested }

    /// Whether `option` was given (a flag, or an option with any value).
    package func has<V>(_ option: Option<V>) -> Bool { has(option.spec) }

    /// Whether the option of `row` was given.
    package func has(_ row: OptionSpec) -> Bool { flags.contains(row.name) || values[row.name] != nil }

    /// The value of `option` as typed, unchecked (to quote it or to keep it as written); nil when absent.
    package func text<V>(of option: Option<V>) -> String? { values[option.name] }

    /// The value of `option` as its row reads it, or the row's default (``OptionDefault/value(_:)``), or nil.
    /// - Throws: `UsageError` naming the flag, the value given and what the row accepts.
    package func value<V>(of option: Option<V>) throws(UsageError) -> V? {
        try checked(option.spec).map { $0 as! V }  // the row was made from an OptionValue<V>
    }

    /// Whether `flag` was given.
    package func value(of flag: Option<Bool>) -> Bool { has(flag) }

    /// The value of `row`'s option, read by the row, with the row's default when absent: the one check behind
    /// ``value(of:)``, untyped so that a test can hold every row of a table to its range.
    package func checked(_ row: OptionSpec) throws(UsageError) -> (any Sendable)? {
        guard let kind = row.value else { return nil }
        let given = values[row.name]
        guard let text = given ?? (row.defaultValue.flatMap { if case .value(let t) = $0 { t } else { nil } })
        else { return nil }
        guard let value = kind.read(text) else {
            throw invalid(row.name, given == nil ? "\(text) (default)" : text, kind.expected)
        }
        return value
    }

    /// `--timeout` as a wall-clock limit (``CommandSpec/wallClockTimeout``), in seconds.
    package func wallClockTimeout() throws(UsageError) -> Double? {
        try value(of: CommandSpec.wallClockTimeout).map(\.seconds)
    }

    /// A usage error for `option`'s value as given: it is not `expected`.
    package func invalid<V>(_ option: Option<V>, _ expected: String) -> UsageError {
        invalid(option.name, values[option.name] ?? "", expected)
    }

    /// A usage error for `name`'s value `text`.
    func invalid(_ name: String, _ text: String, _ expected: String) -> UsageError {
        UsageError("\(name) \"\(CommandSpec.shown(text))\": expected \(expected)", command: command)
    }

    /// A usage error about this command line.
    package func error(_ message: String) -> UsageError { UsageError(message, command: command) }
}
