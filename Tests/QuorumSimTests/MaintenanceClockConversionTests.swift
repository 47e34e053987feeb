import Testing

@testable import QuorumSim

/// The maintenance clock's own conversions between nanosecond ticks (`Int128`) and hours (`Double`) give the
/// standard library's results bit for bit: they exist only because its generic 128-bit path was some 20 times
/// dearer per event in maintenance scenarios (issue 17), and any difference would change seeded outputs.
struct MaintenanceClockConversionTests {
    /// Values around every edge the fast paths test (zero, ±2^53 where doubles stop being exact, ±2^63 where
    /// `Int64` ends, `never`), and random ones of every magnitude up to 2^100, both signs.
    static let integers: [Int128] = {
        var values: [Int128] = [0, 1, -1, Int128(Int64.max), Int128(Int64.min), MaintenanceClock.never]
        for power in [53, 54, 62, 63, 64, 100] {
            let edge = Int128(1) << power
            values += [edge - 1, edge, edge + 1, -edge + 1, -edge, -edge - 1]
        }
        var generator = Xoshiro256StarStar(seed: 17)
        for _ in 0..<20_000 {
            let bits = Int(generator.next() % 101)
            let magnitude = (Int128(generator.next()) << 64 | Int128(generator.next())) >> (127 - bits)
            values.append(generator.next() & 1 == 0 ? magnitude : -magnitude)
        }
        return values
    }()

    @Test func ticksBecomeHoursAsTheStandardLibraryConvertsThem() {
        for value in Self.integers {
            #expect(MaintenanceClock.double(value).bitPattern == Double(value).bitPattern, "\(value)")
        }
    }

    @Test func hoursBecomeTicksAsTheStandardLibraryConvertsThem() {
        var doubles: [Double] = Self.integers.map { Double($0) }
        doubles += [0.5, -0.5, 0x1p63.nextDown, -0x1p63, -0x1p63.nextUp, 0x1p63, 1e25 + 0.25, -7.999]
        for value in doubles {
            #expect(MaintenanceClock.integer(value) == Int128(value), "\(value)")
        }
    }

    @Test func ticksRoundToTheNearestNanosecondAndSaturateAtNever() {
        #expect(MaintenanceClock.ticks(1) == MaintenanceClock.ticksPerHour)
        #expect(MaintenanceClock.ticks(1.0 / 3) == 1_200_000_000_000)
        #expect(MaintenanceClock.ticks(1e30) == MaintenanceClock.never)
        #expect(MaintenanceClock.ticks(.nan) == MaintenanceClock.never)
        #expect(MaintenanceClock.ticks(.infinity) == MaintenanceClock.never)
    }
}
