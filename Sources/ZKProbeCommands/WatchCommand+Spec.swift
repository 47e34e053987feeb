import CommandLineSupport
import ToolkitSupport
import ZKProbe

extension WatchCommand {
    /// The options of `zkprobe watch`: the check's target, AdminServer, policy, probe and threshold rows (the
    /// same rows, read by ``CheckCommand/options(_:)``), without `--format`/`--output`, and the watch's own.
    /// No `-v`: the change lines say every change already.
    package static let spec: CommandSpec = {
        var spec = table
        spec.takesVerbosity = false
        return spec
    }()

    private static let table = CommandSpec(
        name: "zkprobe watch",
        synopsis: [
            "zkprobe watch [HOST[:PORT]...] [--connect CONNECT] [--config ZOO_CFG] [--interval DURATION]\n"
                + "    [--duration DURATION] [--timeline FILE] [--svg FILE] [check options]"
        ],
        abstract: """
            Runs the check again and again, one round per interval (a round that overruns delays the next; rounds
            never overlap), and prints one line per change: verdict, leader, voters serving, tolerance, writable,
            each member's state. At the end of --duration, or on SIGINT or SIGTERM: the timeline file (JSON
            Lines: settings, every round's check, the episodes), the SVG chart and a summary of the episodes.
            """,
        sections: [
            HelpSection(
                "MEMBERS (at least one source)",
                [
                    .text(label: "HOST[:PORT]", help: "A member; port 2181 when omitted; IPv6 as [::1]:2181"),
                    CheckCommand.connectOption.row, CheckCommand.configOption.row, CheckCommand.discoverOption.row,
                ]),
            HelpSection(
                "ADMINSERVER (HTTP; for ensembles whose whitelist refuses words, as 3.5+ does by default)",
                [CheckCommand.adminPortOption.row, CheckCommand.adminURLOption.row]),
            HelpSection("POLICY", [CheckCommand.requireOption.row, CheckCommand.expectModeOption.row]),
            HelpSection(
                "CLIENT PROBE (off by default: each round asks as a ZooKeeper client too, and measures writable)",
                [
                    CheckCommand.sessionProbeOption.row, CheckCommand.writeProbeOption.row,
                    CheckCommand.authFileOption.row,
                ]),
            HelpSection(
                "WATCH",
                [
                    intervalOption.row, durationOption.row, timelineOption.row, svgOption.row,
                    CheckCommand.ensembleOption.row, .option(CommandSpec.helpOption),
                ]),
            HelpSection(
                "THRESHOLDS (N: at or above N alerts; or a Monitoring Plugins range: 10: ~:20 10:20 @10:20)",
                [timeoutOption.row] + CheckCommand.thresholdRows),
        ],
        epilogue: """
            EXIT STATUS:
              0 watched to the end (--duration or a signal), whatever the verdicts: they are in the timeline
              3 usage error, unreadable config or auth file, or the timeline or SVG cannot be written
            """)

    /// The check's `--timeout` row with the watch's default: a member that does not answer holds each round
    /// for the deadline, so the watch waits 1 s, not the check's 5 s.
    static let timeoutOption = ZKProbeOptions.timeout.defaulting(.value("1"))
    static let intervalOption = Option<Duration>(
        "--interval", "DURATION",
        .duration(
            from: .milliseconds(50), to: .seconds(3600), ends: ["50ms", "1h"], pastEnds: ["49ms", "3601s"]),
        default: "1s", help: "Time between round starts, with a unit: 250ms, 1s, 2m")
    static let durationOption = Option<Duration>(
        "--duration", "DURATION",
        .duration(
            from: .zero, to: .seconds(30 * 86400), ends: ["1ms", "30d"], pastEnds: ["0s", "30.001d"]),
        default: .note("until SIGINT or SIGTERM"), help: "How long to watch: 10m, 1h, 7d")
    static let timelineOption = Option<String>(
        "--timeline", "FILE",
        help: "Write the timeline to FILE (JSON Lines), streamed to a temporary file\nand renamed into place at the end"
    )
    static let svgOption = Option<String>(
        "--svg", "FILE", help: "Write a chart of the watch to FILE (SVG) at the end")
}
