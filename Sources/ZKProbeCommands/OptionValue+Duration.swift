import CommandLineSupport
import ToolkitSupport

extension OptionValue where T == Duration {
    /// The units a duration flag of `zkprobe` takes, in seconds: those of quorumsim's durations (`DurationText`)
    /// that a watch can use.
    static let durationUnits: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400),
    ]

    /// A duration with a unit (`250ms`, `10s`, `10m`, `1h`, `7d`; the number in ``DecimalText``'s grammar) from
    /// `low` to `high`, both written as `ends`; a `low` of zero is refused itself (the duration must be positive).
    /// `pastEnds` are values just outside, which the tests of every row hold it to.
    static func duration(from low: Duration, to high: Duration, ends: [String], pastEnds: [String]) -> OptionValue {
        let positive = low == .zero
        let lowWords = positive ? "above 0" : "from \(ends[0])"
        return OptionValue(
            expected: "a duration with a unit (ms, s, m, h, d) \(lowWords) and at most \(ends[1]), such as 250ms",
            range: positive ? "above 0, at most \(ends[1])" : "\(ends[0]) to \(ends[1])", ends: ends,
            pastEnds: pastEnds
        ) { text in
            let length = DecimalText.numberLength(Substring(text))
            let unit = String(text.unicodeScalars.dropFirst(length))
            guard length > 0, let value = DecimalText.double(Substring(text.unicodeScalars.prefix(length))),
                let scale = durationUnits.first(where: { $0.suffix == unit })?.seconds,
                let duration = Duration(checkedSeconds: value * scale),
                positive ? duration > .zero : duration >= low, duration <= high
            else { return nil }
            return duration
        }
    }

    /// Seconds from `low` to `high`, plain (`2.5`, as `--timeout` has always taken) or with a unit (`500ms`, `1s`,
    /// `1m`), so that `--timeout 1s` reads as `--interval 250ms` does beside it.
    static func seconds(from low: Double, to high: Double) -> OptionValue {
        let plain = OptionValue.seconds(in: low...high, aboveLowerBound: false)
        let withUnit = OptionValue.duration(
            from: .milliseconds(low * 1000), to: .seconds(high), ends: plain.ends, pastEnds: plain.pastEnds)
        let readPlain = plain.read
        let readWithUnit = withUnit.read
        return OptionValue(
            expected: plain.expected + ", or with a unit (ms, s, m, h) such as 500ms",
            range: plain.range, ends: plain.ends + ["\(NumberText.compact(low * 1000))ms", "1s"],
            pastEnds: plain.pastEnds + ["\(NumberText.compact(high))s0", "\(NumberText.compact(high + 1))s"]
        ) { readPlain($0) ?? readWithUnit($0) }
    }
}
