import CommandLineSupport
import ToolkitSupport
import ZKProbe

/// `zkprobe send WORD HOST[:PORT]`: sends one four-letter word and prints the raw reply, like
/// `echo WORD | nc HOST PORT`, but with a deadline, a size cap and one clear line when there is no usable answer.
package enum SendCommand {
    package static let name = "send"
    package static let summary = "Send one four-letter word to one server and print the raw reply"
    /// At most 1 GiB.
    static let maxBytesOption = Option<Int>(
        "--max-bytes", "N", .integer(in: 1...(1 << 30)), default: .value("\(ProbeOptions().maxReplyBytes)"),
        help: "Give up on a reply over N bytes")

    package static let spec = CommandSpec(
        name: "zkprobe send", synopsis: ["zkprobe send [--timeout SECONDS] [--max-bytes N] WORD HOST[:PORT]"],
        abstract: """
            Sends one four-letter word to one ZooKeeper server and prints the reply
            exactly as received, like `echo WORD | nc HOST PORT`, with no newline added.
            """,
        sections: [
            HelpSection(
                "ARGUMENTS",
                [
                    .text(
                        label: "WORD",
                        help: "ruok srvr stat mntr conf isro envi cons wchs dirs\n(any 4 lower-case letters a-z are sent)"),
                    .text(
                        label: "HOST[:PORT]",
                        help: "zk1, zk1:2181, 10.0.0.5:2181, [::1]:2181 or ::1\n(the port defaults to 2181)"),
                ]),
            HelpSection(
                "OPTIONS",
                [ZKProbeOptions.timeout.row, maxBytesOption.row, .option(CommandSpec.helpOption)]),
        ],
        epilogue: """
            EXIT STATUS:
              0  the server answered; the reply is on standard output
              2  no usable answer, explained in one line on standard error: connection
                 refused, unreachable, name not resolved, timed out, reset, reply too
                 large, not serving, word not in 4lw.commands.whitelist, or empty reply
              3  usage error
            """)

    /// Runs `zkprobe send` with `arguments` (those after `send`).
    @Sendable package static func run(_ arguments: [String]) -> CommandOutcome {
        spec.run(arguments, usageStatus: ExitStatus.unknown, parse: parse, send)
    }

    static func send(_ request: Request) -> CommandOutcome {
        let client = FourLetterClient(options: request.options)
        switch client.ask(request.word, request.endpoint) {
        case .success(let exchange):
            if let refusal = Refusal.detect(in: exchange.text) {
                return failure(refusal.message(server: exchange.endpoint.description, word: exchange.word))
            }
            return CommandOutcome(status: ExitStatus.ok, standardOutput: exchange.reply)
        case .failure(.tooLarge(let endpoint, let word, let limit)):
            return failure(
                "\(endpoint): \(word) reply is larger than \(ProbeError.format(bytes: limit)); stopped reading "
                    + "(raise --max-bytes if this server really sends that much)")
        case .failure(let error):
            return failure(error.description)
        }
    }

    private static func failure(_ message: String) -> CommandOutcome {
        .failure("\(spec.name): \(message)", status: ExitStatus.critical)
    }

    // MARK: Arguments

    struct Request: Equatable {
        var word: String
        var endpoint: Endpoint
        var options = ProbeOptions()
    }

    /// The request, or `nil` when help was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> Request? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        var options = ProbeOptions()
        if let deadline = try parsed.value(of: ZKProbeOptions.timeout) { options.deadline = deadline }
        if let bytes = try parsed.value(of: maxBytesOption) { options.maxReplyBytes = bytes }
        let positionals = parsed.operands
        switch positionals.count {
        case 0: throw parsed.error("missing WORD and HOST[:PORT], such as: zkprobe send ruok zk1:2181")
        case 1: throw parsed.error("missing HOST[:PORT] after \(CommandSpec.shown(positionals[0]))")
        case 2: break
        default:
            throw parsed.error(
                "unexpected argument \"\(CommandSpec.shown(positionals[2]))\"; give one WORD and one HOST[:PORT]")
        }
        let word = positionals[0]
        guard FourLetterClient.isFourLetterWord(word) else {
            throw parsed.error(
                "\"\(CommandSpec.shown(word))\" is not a four-letter word; use exactly 4 lower-case letters a-z, such as ruok or mntr")
        }
        do {
            return Request(word: word, endpoint: try Endpoint(parsing: positionals[1]), options: options)
        } catch {
            // The endpoint error quotes the operand, which may hold a line end: keep the refusal one line.
            throw parsed.error(oneLine(error.description, limit: .max))
        }
    }
}
