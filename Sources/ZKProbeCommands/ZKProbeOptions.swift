import CommandLineSupport
import ToolkitSupport
import ZKProbe

/// The option rows more than one `zkprobe` subcommand offers: one row, one range, one help text wherever the
/// option appears.
package enum ZKProbeOptions {
    /// One deadline per member (`check`, and `serve`'s configuration lines) or for the one exchange of `send`.
    package static let timeout = Option<Duration>(
        "--timeout", "SECONDS", alias: "-t", .seconds(from: 0.001, to: 3600),
        default: .value(NumberText.compact(ProbeOptions().deadline.seconds)),
        help: "Deadline for each member: resolve, connect,\nsend and read; fractions allowed, or with a unit: 500ms")
}
