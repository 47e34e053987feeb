import CommandLineSupport
import ZKProbe

extension CheckCommand {
    /// The options of `zkprobe check`: parsed by ``parse(_:)`` and printed as its help.
    package static let spec = CommandSpec(
        name: "zkprobe check",
        synopsis: ["zkprobe check [HOST[:PORT]...] [--connect CONNECT] [--config ZOO_CFG] [options]"],
        abstract: """
            Asks every member at once (srvr, mntr, conf, ruok) and decides: serving members, the leader, quorum,
            how many more voter failures the ensemble can take, lag, latency, versions and membership.
            """,
        sections: [
            HelpSection(
                "MEMBERS (at least one source)",
                [
                    .text(label: "HOST[:PORT]", help: "A member; port 2181 when omitted; IPv6 as [::1]:2181"),
                    connectOption.row, configOption.row, discoverOption.row,
                ]),
            HelpSection(
                "ADMINSERVER (HTTP; for ensembles whose whitelist refuses words, as 3.5+ does by default)",
                [adminPortOption.row, adminURLOption.row]),
            HelpSection("POLICY", [requireOption.row, expectModeOption.row]),
            HelpSection(
                "CLIENT PROBE (off by default: the check asks as a ZooKeeper client too)",
                [sessionProbeOption.row, writeProbeOption.row, authFileOption.row]),
            HelpSection(
                "OUTPUT",
                [
                    formatOption.row, outputOption.row, ensembleOption.row, allMntrOption.row, noColorOption.row,
                    noColourOption.row, .option(CommandSpec.helpOption),
                ]),
            HelpSection(
                "THRESHOLDS (N: at or above N alerts; or a Monitoring Plugins range: 10: ~:20 10:20 @10:20)",
                [ZKProbeOptions.timeout.row] + thresholdRows),
        ],
        epilogue: """
            EXIT STATUS:
              0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage error, unreadable config or auth file, srvr not whitelisted)
            """)

    static let connectOption = Option<String>(
        "--connect", "CONNECT", help: "Kafka's zookeeper.connect, e.g. \"zk1:2181,zk2:2181,zk3:2181/kafka\"")
    static let configOption = Option<String>(
        "--config", "ZOO_CFG", help: "The server.N lines of a zoo.cfg (and its dynamicConfigFile)")
    static let discoverOption = Option<Bool>(
        flag: "--discover", help: "Deprecated, no longer needed: the membership in the members' conf is always used")
    static let adminPortOption = Option<String>(
        "--admin-port", "PORT",
        help: "Also ask each member's AdminServer on its own host at PORT (admin.serverPort,\n"
            + "usually 8080) for what the four-letter words refuse; +N: each member's\n"
            + "client port plus N (several members on one host)")
    static let adminURLOption = Option<String>(
        "--admin-url", "URL-TEMPLATE",
        help: "The same with a URL, e.g. http://{host}:8080 ({host} is each member's host);\nplain HTTP only")
    static let requireOption = Option<String>(
        "--require", "WORDS",
        help: "Four-letter words whose refusal is a WARNING, e.g. mntr,conf (default: none;\n"
            + "a srvr-only whitelist, ZooKeeper's default, is noted at OK level)")
    static let expectModeOption = Option<ExpectedMode>(
        "--expect-mode", "MODE", .choice,
        help: "Each member given must be in this mode (serving: any of them);\notherwise CRITICAL")
    static let sessionProbeOption = Option<Bool>(
        flag: "--session-probe",
        help: "Open a session through every member: sync, exists /, close (creating and\n"
            + "closing it are 2 transactions the quorum commits; a leader cut off from\n"
            + "its followers fails here while every four-letter word still looks fine)")
    static let writeProbeOption = Option<String>(
        "--write-probe", "PATH",
        help: "As --session-probe, and create, read and delete an ephemeral child of\n"
            + "PATH through every member, timing when each member sees one write\n"
            + "(PATH: an absolute znode path, created once when missing)")
    static let authFileOption = Option<String>(
        "--auth-file", "FILE",
        help: "Credentials the probe sends first: lines digest USER:PASSWORD (keep the file\n"
            + "mode 0600); needs --session-probe or --write-probe")
    static let formatOption = Option<Format>("--format", "FORMAT", .choice, default: "text", help: "The report's format")
    static let outputOption = Option<String>(
        "--output", "FILE", alias: "-o", help: "Write the report to FILE atomically (temporary file, then rename)")
    static let ensembleOption = Option<String>(
        "--ensemble", "NAME",
        help: "Name the ensemble: ensemble=\"NAME\" on every prometheus series (two .prom\n"
            + "files in one textfile directory stop colliding), the json key ensemble,\n"
            + "the first line of text and nagios output")
    static let allMntrOption = Option<Bool>(
        flag: "--all-mntr", help: "With prometheus: also every numeric mntr value as zkprobe_mntr{key=...}")
    static let noColorOption = Option<Bool>(
        flag: "--no-color", help: "No colour in text output (colour is used only on a terminal anyway)")
    static let noColourOption = Option<Bool>(flag: "--no-colour", help: "The same as --no-color")

    /// Every threshold row, warning before critical.
    static let thresholdRows: [HelpSection.Row] = thresholdFlags.flatMap { pair in
        [pair.warning.option.row] + (pair.critical.map { [$0.option.row] } ?? [])
    }
}
