/// Majority size and failures tolerated by ensemble size, as ZooKeeper's `QuorumMaj` decides.
public enum MajorityTable {
    /// One ensemble size with its majority and tolerated failures.
    public struct Row: Sendable, Equatable, Codable {
        /// Participants (voters).
        public var voters: Int
        /// Voters that make a quorum.
        public var majority: Int
        /// Voter failures the ensemble survives.
        public var tolerated: Int
    }

    /// The sizes operators usually weigh.
    public static let usualSizes = 1...9

    /// Majority and tolerated failures for `voters` participants (1...64), derived from `QuorumRule`.
    public static func row(voters: Int) -> (majority: Int, tolerated: Int) {
        precondition((1...64).contains(voters), "voters must be 1...64")
        let servers = (0..<voters).map { Server(id: $0 + 1, zone: 0) }
        let rule = QuorumRule(servers: servers)
        return (rule.majority, rule.smallestLosingSet(up: rule.voters).count - 1)
    }

    /// One row per voter count in `sizes` (each within 1 … 64), smallest first.
    public static func rows(_ sizes: ClosedRange<Int> = usualSizes) -> [Row] {
        sizes.map { n in
            let r = row(voters: n)
            return Row(voters: n, majority: r.majority, tolerated: r.tolerated)
        }
    }

    /// A table for people, one size per line.
    public static func text(_ sizes: ClosedRange<Int> = usualSizes) -> String {
        var lines = ["voters  majority  tolerated failures"]
        for r in rows(sizes) {
            lines.append(
                pad(String(r.voters), 6) + "  " + pad(String(r.majority), 8) + "  " + String(r.tolerated))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
