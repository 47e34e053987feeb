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
                    .option(
                        OptionSpec(
                            "--connect", "CONNECT",
                            help: "Kafka's zookeeper.connect, e.g. \"zk1:2181,zk2:2181,zk3:2181/kafka\"")),
                    .option(
                        OptionSpec("--config", "ZOO_CFG", help: "The server.N lines of a zoo.cfg (and its dynamicConfigFile)")),
                    .option(
                        OptionSpec(
                            "--discover",
                            help: "Deprecated, no longer needed: the membership in the members' conf is always used")),
                ]),
            HelpSection(
                "ADMINSERVER (HTTP; for ensembles whose whitelist refuses words, as 3.5+ does by default)",
                [
                    .option(
                        OptionSpec(
                            "--admin-port", "PORT",
                            help: "Also ask each member's AdminServer on its own host at PORT (admin.serverPort,\n"
                                + "usually 8080) for what the four-letter words refuse; +N: each member's\n"
                                + "client port plus N (several members on one host)")),
                    .option(
                        OptionSpec(
                            "--admin-url", "URL-TEMPLATE",
                            help: "The same with a URL, e.g. http://{host}:8080 ({host} is each member's host);\n"
                                + "plain HTTP only")),
                ]),
            HelpSection(
                "POLICY",
                [
                    .option(
                        OptionSpec(
                            "--require", "WORDS",
                            help: "Four-letter words whose refusal is a WARNING, e.g. mntr,conf (default: none;\n"
                                + "a srvr-only whitelist, ZooKeeper's default, is noted at OK level)")),
                    .option(
                        OptionSpec(
                            "--expect-mode", "MODE", choices: ExpectedMode.allCases.map(\.rawValue),
                            help: "Each member given must be in this mode: leader, follower, observer,\n"
                                + "standalone, read-only or serving (any of them); otherwise CRITICAL")),
                ]),
            HelpSection(
                "OUTPUT",
                [
                    .option(OptionSpec(
                            "--format", "FORMAT", choices: Format.allCases.map(\.rawValue),
                            help: "text (default), json, prometheus or nagios")),
                    .option(
                        OptionSpec(
                            "--output", "FILE", alias: "-o",
                            help: "Write the report to FILE atomically (temporary file, then rename)")),
                    .option(
                        OptionSpec(
                            "--ensemble", "NAME",
                            help: "Name the ensemble: ensemble=\"NAME\" on every prometheus series (two .prom\n"
                                + "files in one textfile directory stop colliding), the json key ensemble,\n"
                                + "the first line of text and nagios output")),
                    .option(
                        OptionSpec(
                            "--all-mntr", help: "With prometheus: also every numeric mntr value as zkprobe_mntr{key=...}")),
                    .option(
                        OptionSpec(
                            "--no-color", help: "No colour in text output (colour is used only on a terminal anyway)")),
                    .option(OptionSpec("--no-colour", help: "The same as --no-color")),
                    .option(CommandSpec.helpOption),
                ]),
            HelpSection(
                "THRESHOLDS (N: at or above N alerts; or a Monitoring Plugins range: 10: ~:20 10:20 @10:20)",
                thresholdRows),
        ],
        epilogue: """
            EXIT STATUS:
              0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage error, unreadable config, srvr not whitelisted)
            """)

    static let thresholdRows: [HelpSection.Row] = [
        ("--timeout", "SECONDS", "Deadline for each member: connect, send and read (0.001-3600, default 5)"),
        ("--latency-avg-warning", "MS", "Average latency since server start (default 100; critical 1000)"),
        ("--latency-avg-critical", "MS", ""),
        ("--latency-max-warning", "MS", "Maximum latency since server start (default: off; one old spike\nwould page until a restart)"),
        ("--latency-max-critical", "MS", ""),
        ("--round-trip-warning", "MS", "The check's own srvr round trip, measured now (default: off)"),
        ("--round-trip-critical", "MS", ""),
        ("--outstanding-warning", "N", "Queued requests (default 10; critical 100)"),
        ("--outstanding-critical", "N", ""),
        ("--fd-warning", "PERCENT", "Open file descriptors of the limit (default 80; critical 95)"),
        ("--fd-critical", "PERCENT", ""),
        ("--lag-warning", "N", "Transactions behind the leader (default 1000; critical 100000)"),
        ("--lag-critical", "N", ""),
        ("--pending-syncs-warning", "N", "Syncs pending on the leader (default 10)"),
    ].map { .option(OptionSpec($0.0, $0.1, alias: $0.0 == "--timeout" ? "-t" : nil, help: $0.2)) }
}
