/// `Latency min/avg/max: ` from `srvr`/`stat`, in milliseconds.
public struct Latency: Sendable, Hashable {
    /// Smallest request latency, milliseconds, since start or the last `srst`.
    public let min: Int64
    /// On 3.4 and 3.5 the server prints an integer (total / count, truncated); from 3.6 a double rounded to four
    /// places.
    public let average: Double
    /// Largest request latency, milliseconds, since start or the last `srst`.
    public let max: Int64
    /// Whether the server printed the average as an integer (3.4, 3.5).
    public let averageIsInteger: Bool

    /// Builds a latency from its parts; `averageIsInteger` says how the server printed `average`.
    public init(min: Int64, average: Double, max: Int64, averageIsInteger: Bool) {
        self.min = min
        self.average = average
        self.max = max
        self.averageIsInteger = averageIsInteger
    }

    /// Parses `<min>/<avg>/<max>`.
    init?(parsing text: Substring) {
        let parts = text.splitBytes(UInt8(ascii: "/"))
        guard parts.count == 3, let min = JavaNumber.long(parts[0]), let max = JavaNumber.long(parts[2]) else {
            return nil
        }
        if let average = JavaNumber.long(parts[1]) {
            self.init(min: min, average: Double(average), max: max, averageIsInteger: true)
        } else if let average = JavaNumber.double(parts[1]) {
            self.init(min: min, average: average, max: max, averageIsInteger: false)
        } else {
            return nil
        }
    }
}
