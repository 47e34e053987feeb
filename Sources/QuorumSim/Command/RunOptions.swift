/// The command line of `quorumsim run`.
public struct RunOptions: Sendable, Equatable {
    public var files: [String] = []
    public var format: ReportFormat = .text
    /// Overrides of the files' `run` sections.
    public var years: Double?
    public var replications: Int?
    public var seed: UInt64?
    /// Worker threads; `nil` means one per active processor.
    public var threads: Int?
    /// Add the importance-sampling estimate of the time without a quorum (`--rare`).
    public var rare = false
    /// Its target relative half-width (`--rare-target`) and time budget in seconds (`--rare-seconds`).
    public var rareTarget: Double?
    public var rareSeconds: Double?
    public var help = false

    public init() {}

    /// Parses the arguments after `run`. Options take a value as `--years 100` or
    /// `--years=100`; `--` ends the options.
    public init(arguments: [String]) throws(UsageError) {
        var index = 0
        var optionsEnded = false
        func fail(_ message: String) -> UsageError { UsageError(message, command: "quorumsim run") }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                files.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "--help" || argument == "-h" {
                help = true
                continue
            }
            if argument == "--rare" {
                rare = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if name == "--rare" { throw fail("--rare takes no value") }
            let valued = [
                "--format", "--years", "--replications", "--seed", "--threads", "--rare-target", "--rare-seconds",
            ]
            guard valued.contains(name) else {
                throw fail("unknown option '\(name)'")
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw fail("\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            switch name {
            case "--format":
                guard let parsed = ReportFormat(rawValue: value) else {
                    throw fail("--format must be text, json or csv, not '\(value)'")
                }
                format = parsed
            case "--years":
                guard let parsed = Double(value), parsed.isFinite, parsed > 0 else {
                    throw fail("--years must be a positive number, not '\(value)'")
                }
                years = parsed
            case "--replications":
                guard let parsed = Int(value), parsed >= 1 else {
                    throw fail("--replications must be a whole number of at least 1, not '\(value)'")
                }
                replications = parsed
            case "--seed":
                guard let parsed = UInt64(value) else {
                    throw fail("--seed must be a whole number from 0 to 18446744073709551615, not '\(value)'")
                }
                seed = parsed
            case "--rare-target":
                guard let parsed = Double(value), parsed > 0, parsed < 1 else {
                    throw fail("--rare-target must be a fraction between 0 and 1 such as 0.05, not '\(value)'")
                }
                rare = true
                rareTarget = parsed
            case "--rare-seconds":
                guard let parsed = Double(value), parsed.isFinite, parsed > 0 else {
                    throw fail("--rare-seconds must be a positive number of seconds, not '\(value)'")
                }
                rare = true
                rareSeconds = parsed
            default:
                guard let parsed = Int(value), (1...4096).contains(parsed) else {
                    throw fail("--threads must be a whole number from 1 to 4096, not '\(value)'")
                }
                threads = parsed
            }
        }
    }

    /// The importance-sampling settings for a scenario run with `seed`.
    public func rareSettings(seed: UInt64) -> RareEventSettings {
        var settings = RareEventSettings(seed: seed)
        if let rareTarget { settings.targetRelativeHalfWidth = rareTarget }
        if let rareSeconds { settings.maxSeconds = rareSeconds }
        return settings
    }

    /// `settings` with this command line's overrides applied.
    public func apply(to settings: RunSettings) -> RunSettings {
        var settings = settings
        if let years { settings.years = years }
        if let replications { settings.replications = replications }
        if let seed { settings.seed = seed }
        return settings
    }
}
