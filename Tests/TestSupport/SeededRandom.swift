/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so that a fuzz run is the same on every platform
/// and toolchain.
package struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound`, drawn from `next()` by this code (not the standard library's algorithm, which may
    /// change between toolchains).
    package mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }
}

/// Seeded command lines for fuzzing a command's parser: options from its table, hostile values, stray operands.
package enum ArgumentFuzz {
    /// Values no parser should trust: huge, negative, not numbers, empty, control characters, long.
    package static let hostileValues = [
        "1e30", "-1e30", "1e309", "nan", "NaN", "inf", "-inf", "0", "-0", "-1", "0.0000001", "1.5", "2.5e3",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
        "99999999999999999999999999", "", " ", "=", "--", "-", "abc", "0x10", "1_000", "１２", "\u{0}",
        "\u{1B}[31mred", "a\nb", String(repeating: "9", count: 400), "3", "10", "text", "json", "csv",
        "prometheus", "nagios", "xml", "1h", "10s", "0s", "1e30h", "-5m", "a,b,c", "1", "4", "9",
        // Outside the one number grammar (issue 16): each must be refused wherever a number goes.
        "+5", " 5", "5 ", "0X1F", "Infinity", "+5h", "0x10h", "5_0h", "1e", "http://[::1:8080",
    ]

    /// A command line of up to `maxLength` words: options of `optionNames` (sometimes `--name=value`), values
    /// from `values`, and operands from `operands`.
    package static func arguments(
        _ rng: inout SeededRandom, optionNames: [String], values: [String], operands: [String], maxLength: Int = 8
    ) -> [String] {
        var words: [String] = []
        for _ in 0..<rng.below(maxLength + 1) {
            switch rng.below(6) {
            case 0, 1: words.append(optionNames[rng.below(optionNames.count)])
            case 2: words.append(optionNames[rng.below(optionNames.count)] + "=" + values[rng.below(values.count)])
            case 3, 4: words.append(values[rng.below(values.count)])
            default: words.append(operands[rng.below(operands.count)])
            }
        }
        return words
    }
}
